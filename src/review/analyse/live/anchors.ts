import { listName, relationName, type QualifiedName } from '../static/sql/ast/names.js';
import { escapeRegExp } from '../static/support/names.js';
import { as, stringOf, type PgNode } from '../static/sql/ast/node.js';
import type { LiveStatement } from './statements.js';

/**
 * Which statement of the pull request a catalog object comes from: the last changed statement that
 * names the object itself (CREATE POLICY for a policy), else one that names its table (the ALTER
 * TABLE that added a constraint), else one whose text mentions its name (a DO block, dynamic SQL).
 */
export interface Anchors {
  (key: string, accept?: (stmt: LiveStatement) => boolean): LiveStatement | undefined;
  /** Replay order of a statement: the later of two anchors is the one that last shaped the object. */
  order(stmt: LiveStatement): number;
}

/** Statements that define constraints (a foreign key, a primary key) on the table they create or alter. */
const CONSTRAINT_TEXT = /\breferences\b|\bforeign\s+key\b|\bprimary\s+key\b|\bunique\b|\bcheck\s*\(|\bconstraint\b/i;

export function createAnchors(statements: readonly LiveStatement[]): Anchors {
  const changed = statements.filter((s) => s.changed);
  const all = changed.map((s) => ({ stmt: s, keys: touchedKeys(s) }));
  const cache = new Map<string, LiveStatement | undefined>();
  const position = new Map(statements.map((s, i) => [s, i]));
  const find = (key: string, accept?: (stmt: LiveStatement) => boolean): LiveStatement | undefined => {
    if (!accept && cache.has(key)) return cache.get(key);
    const touched = accept ? all.filter((t) => accept(t.stmt)) : all;
    const parent = parentKey(key);
    const name = objectName(key);
    const mention = name ? new RegExp(`(^|[^\\w$])"?${escapeRegExp(name)}"?($|[^\\w$])`, 'i') : undefined;
    const onParent = (t: { stmt: LiveStatement; keys: string[] }) => !!parent && t.keys.some((k) => matches(parent, k));
    const found =
      lastOf(touched, (t) => t.keys.some((k) => matches(key, k))) ??
      (key.startsWith('con:') ? lastOf(touched, (t) => onParent(t) && CONSTRAINT_TEXT.test(t.stmt.sql)) : undefined) ??
      lastOf(touched, onParent) ??
      (mention ? lastOf(touched, (t) => mention.test(t.stmt.sql)) : undefined);
    const stmt = found?.stmt;
    if (!accept) cache.set(key, stmt);
    return stmt;
  };
  return Object.assign(find, { order: (stmt: LiveStatement) => position.get(stmt) ?? -1 });
}

function lastOf<T>(items: readonly T[], test: (t: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return items[i];
  return undefined;
}

/** A function key matches its name whatever the arguments: `func:public.f(` names every overload. */
function matches(key: string, touched: string): boolean {
  return touched.endsWith('(') ? key.startsWith(touched) : key === touched;
}

/** `policy:public.notes.Owners read` -> `rel:public.notes` (also for constraints and triggers). */
export function parentKey(key: string): string | undefined {
  const m = /^(policy|con):([^.]+)\.([^.]+)\./.exec(key);
  return m ? `rel:${m[2]}.${m[3]}` : undefined;
}

function objectName(key: string): string | undefined {
  const body = key.slice(key.indexOf(':') + 1).replace(/\(.*$/, '');
  const parts = body.split('.');
  return key.startsWith('policy:') || key.startsWith('con:') ? parts.slice(2).join('.') : parts[parts.length - 1];
}

const rel = (n: QualifiedName | undefined) => (n ? [`rel:${n.key}`] : []);

/** The catalog keys a statement creates, alters, grants on or drops, from its parse tree. */
export function touchedKeys(stmt: LiveStatement): string[] {
  const parsed = stmt.parsed;
  if (!parsed) return [];
  const node = parsed.node;
  const schema = parsed.defaultSchema;
  switch (parsed.tag) {
    case 'CreateStmt':
      return rel(relationName(as(node, 'CreateStmt')?.relation, schema));
    case 'AlterTableStmt':
      return rel(relationName(as(node, 'AlterTableStmt')?.relation, schema));
    case 'IndexStmt': {
      // An index is an object of its own: building one does not change how the table is secured.
      const body = as(node, 'IndexStmt');
      const table = relationName(body?.relation, schema);
      return body?.idxname && table ? [`index:${table.schema}.${body.idxname}`] : [];
    }
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt': {
      const body = as(node, 'CreatePolicyStmt') ?? as(node, 'AlterPolicyStmt');
      const table = relationName(body?.table, schema);
      return table && body?.policy_name ? [`policy:${table.key}.${body.policy_name}`] : [];
    }
    case 'ViewStmt':
      return rel(relationName(as(node, 'ViewStmt')?.view, schema));
    case 'CreateTableAsStmt':
      return rel(relationName(as(node, 'CreateTableAsStmt')?.into?.rel, schema));
    case 'CreateFunctionStmt': {
      const name = listName(as(node, 'CreateFunctionStmt')?.funcname, schema);
      return name ? [`func:${name.key}(`] : [];
    }
    case 'AlterFunctionStmt': {
      const name = listName(as(node, 'AlterFunctionStmt')?.func?.objname, schema);
      return name ? [`func:${name.key}(`] : [];
    }
    case 'GrantStmt':
      return grantKeys(node, schema);
    case 'CreateExtensionStmt': {
      const ext = as(node, 'CreateExtensionStmt')?.extname;
      return ext ? [`ext:${ext}`] : [];
    }
    case 'AlterObjectSchemaStmt': {
      const body = as(node, 'AlterObjectSchemaStmt');
      if (body?.objectType === 'OBJECT_EXTENSION') return [`ext:${stringOf(body.object as PgNode) ?? ''}`];
      return rel(relationName(body?.relation, schema));
    }
    case 'RenameStmt':
      return rel(relationName(as(node, 'RenameStmt')?.relation, schema));
    default:
      return [];
  }
}

function grantKeys(node: PgNode, schema: string): string[] {
  const body = as(node, 'GrantStmt');
  if (!body) return [];
  if (body.targtype === 'ACL_TARGET_ALL_IN_SCHEMA') return [];
  const out: string[] = [];
  for (const o of body.objects ?? []) {
    if (body.objtype === 'OBJECT_TABLE') out.push(...rel(relationName(as(o, 'RangeVar'), schema)));
    else if (body.objtype === 'OBJECT_FUNCTION' || body.objtype === 'OBJECT_ROUTINE' || body.objtype === 'OBJECT_PROCEDURE') {
      const name = listName(as(o, 'ObjectWithArgs')?.objname, schema);
      if (name) out.push(`func:${name.key}(`);
    }
  }
  return out;
}
