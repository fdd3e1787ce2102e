import type { PgParser } from '../../../parsers/pg-parser.js';
import { code } from './format.js';

/** A function body as PostgreSQL stores it, and what the PL/pgSQL parser needs to read it. */
export interface FunctionBody {
  language: string;
  /** The text between the dollar quotes (`prosrc`). */
  body: string;
  /** The whole CREATE FUNCTION statement: PL/pgSQL is parsed from it (return type included). */
  definition: string;
  /** A SQL-standard body (`begin atomic ... end`, `return ...`): its names were bound when it was created. */
  atomic?: boolean;
}

/** Names the project itself defines, which only the search_path can find when left unqualified. */
export interface ProjectNames {
  functions: ReadonlySet<string>;
  types: ReadonlySet<string>;
}

/**
 * The names a function body resolves through the search_path at run time: unqualified tables and
 * views (CTEs and temporary tables the body creates excepted), and unqualified calls and casts to
 * the project's own functions and types. Built-ins are left out: pg_catalog is searched first, so a
 * body that names only built-ins and qualified objects reads the same under any search_path.
 * Undefined when the body could not be read: nothing is known about it then.
 */
export function searchPathReferences(parser: PgParser, fn: FunctionBody, project: ProjectNames): string[] | undefined {
  if (fn.atomic) return [];
  const found = new Set<string>();
  const trees: unknown[] = [];
  const language = fn.language.toLowerCase();
  try {
    if (language === 'sql') trees.push(parser.parse(fn.body));
    else if (language === 'plpgsql') trees.push(...plpgsqlTrees(parser, parser.parsePlPgSQL(fn.definition), project, found));
    else return [];
  } catch {
    return undefined;
  }
  collectNames(trees, project, found);
  return [...found];
}

/** The parse trees of every PL/pgSQL statement and expression; the types its DECLARE section names go to `found`. */
function plpgsqlTrees(parser: PgParser, tree: unknown, project: ProjectNames, found: Set<string>): unknown[] {
  const trees: unknown[] = [];
  for (const node of nodesOf(tree)) {
    const expr = node.PLpgSQL_expr as { query?: string; parseMode?: number } | undefined;
    if (expr?.query) {
      // An expression that does not parse on its own names nothing we can vouch for.
      try {
        trees.push(parser.parse(asStatement(expr.query, expr.parseMode ?? 0)));
      } catch {
        /* unread */
      }
    }
    // Declared variables carry a line; arguments (bound at CREATE) do not.
    for (const kind of ['PLpgSQL_var', 'PLpgSQL_rec']) {
      const datum = node[kind] as { lineno?: number; datatype?: { PLpgSQL_type?: { typname?: string } } } | undefined;
      const typname = datum?.lineno ? datum.datatype?.PLpgSQL_type?.typname : undefined;
      if (typname) declaredType(typname, project, found);
    }
  }
  return trees;
}

/** libpg-query's PL/pgSQL parse modes: 0 a statement, 2 an expression, 3-5 an assignment `target := expr`. */
function asStatement(query: string, mode: number): string {
  if (mode === 0) return query;
  if (mode >= 3) {
    const at = query.indexOf(':=');
    return `select ${at >= 0 ? query.slice(at + 2) : query.slice(query.indexOf('=') + 1)}`;
  }
  return `select ${query}`;
}

/** `notes%rowtype`, `notes.body%type`, `mood`: the relation or project type a declaration resolves. */
function declaredType(typname: string, project: ProjectNames, found: Set<string>): void {
  const m = /^([^%]+)%(row)?type$/i.exec(typname.trim());
  if (m) {
    const parts = m[1].split('.');
    if (m[2] ? parts.length === 1 : parts.length === 2) found.add(unquote(parts[0]));
    return;
  }
  const bare = typname.replace(/\(.*$|\[.*$/, '').trim();
  if (!bare.includes('.') && project.types.has(unquote(bare))) found.add(unquote(bare));
}

/** Relations, function calls and type names of a body's parse trees that carry no schema. */
function collectNames(trees: unknown[], project: ProjectNames, found: Set<string>): void {
  const nodes = nodesOf(trees);
  const local = new Set<string>();
  for (const n of nodes) {
    if (typeof n.ctename === 'string') local.add(n.ctename);
    const created = (n.CreateStmt ?? n.CreateTableAsStmt) as { relation?: { relname?: string }; into?: { rel?: { relname?: string } } } | undefined;
    const name = created?.relation?.relname ?? created?.into?.rel?.relname;
    if (name) local.add(name);
  }
  for (const n of nodes) {
    if (typeof n.relname === 'string' && !n.schemaname && !local.has(n.relname) && !n.relname.startsWith('pg_')) found.add(n.relname);
    const call = n.FuncCall as { funcname?: { String?: { sval?: string } }[] } | undefined;
    if (call?.funcname?.length === 1) {
      const fname = call.funcname[0].String?.sval;
      if (fname && project.functions.has(fname)) found.add(`${fname}()`);
    }
    if (Array.isArray(n.names) && 'typemod' in n && n.names.length === 1) {
      const tname = (n.names[0] as { String?: { sval?: string } }).String?.sval;
      if (tname && project.types.has(tname)) found.add(tname);
    }
  }
}

/** The finding's words, for the static rule and the live lint alike; `trigger` is the service table whose trigger runs it. */
export function searchPathMessage(params: { signature: string; definer: boolean; names: readonly string[]; trigger?: string }): string {
  const { signature, definer, names, trigger } = params;
  const listed = names.slice(0, 4).map(code).join(', ');
  const fix = `Add \`set search_path = ''\` and qualify every name (e.g. \`public.profiles\`).`;
  const service = trigger
    ? ` The trigger on ${code(trigger)} runs it in the Auth server's session, whose ` +
      `search_path is \`${trigger.split('.')[0]}\`: those names are looked up there, not in \`public\`, and the write fails when they are not found.`
    : '';
  if (definer && !names.length) {
    return (
      `SECURITY DEFINER function ${code(signature)} has no \`set search_path\`. Its body qualifies what it names, but the operators ` +
      `and built-in functions it uses still resolve through the caller's search_path (a schema listed before \`pg_catalog\` can ` +
      `redefine \`=\`), and any name a later edit leaves unqualified runs with its owner's rights. Add \`set search_path = ''\`.`
    );
  }
  if (definer) {
    return (
      `SECURITY DEFINER function ${code(signature)} has no \`set search_path\`, so the names its body leaves unqualified ` +
      `(${listed}) resolve through the caller's search_path while it runs with its owner's rights.${service} ${fix}`
    );
  }
  return `Function ${code(signature)} has no \`set search_path\`, so the names its body leaves unqualified (${listed}) resolve through the search_path of the session that runs it.${service} ${fix}`;
}

/** Every object of a JSON tree in source order, iteratively (parse trees nest as deep as the SQL). */
function nodesOf(tree: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const todo: unknown[] = [tree];
  while (todo.length) {
    const value = todo.pop();
    if (!value || typeof value !== 'object') continue;
    if (Array.isArray(value)) todo.push(...[...value].reverse());
    else {
      out.push(value as Record<string, unknown>);
      todo.push(...Object.values(value).reverse());
    }
  }
  return out;
}

const unquote = (s: string) => (s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s.toLowerCase());
