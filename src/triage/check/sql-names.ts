import { collect } from '../../review/analyse/static/sql/ast/walk.js';

/** A parsed SQL block: its statements, or where the parser stopped and why. */
export type Parsed = { ok: true; tree: unknown; statements: number } | { ok: false; error: string };

/** Parses with the PostgreSQL parser; the error names the line of the block it stopped at. */
export function parseBlock(parse: (sql: string) => unknown, sql: string): Parsed {
  try {
    const tree = parse(sql) as { stmts?: unknown[] };
    return { ok: true, tree, statements: tree.stmts?.length ?? 0 };
  } catch (err) {
    const details = (err as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const at = details?.cursorPosition;
    const line = at === undefined ? undefined : sql.slice(0, at).split('\n').length;
    return { ok: false, error: `${(err as Error).message}${line ? ` (line ${line})` : ''}` };
  }
}

const key = (schema: string | undefined, name: string) => `${schema ?? 'public'}.${name}`;

/**
 * Every relation reference in a parse tree: RangeVar nodes, which libpg-query tags in FROM lists
 * but leaves bare as a statement's target (`insert into`, `update`, `alter table`, `create index`).
 */
function rangeVars(tree: unknown): { relname: string; schemaname?: string }[] {
  const out: { relname: string; schemaname?: string }[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    const obj = value as Record<string, unknown>;
    if (typeof obj.relname === 'string') out.push(obj as { relname: string; schemaname?: string });
    for (const child of Object.values(obj)) visit(child);
  };
  visit(tree);
  return out;
}

/** "public.lessons" for every relation a parse tree reads, writes or alters (CTE names excluded). */
export function relationsOf(tree: unknown): string[] {
  const ctes = new Set(collect(tree, 'CommonTableExpr').map((v) => String(v.body.ctename)));
  const out = new Set<string>();
  for (const rv of rangeVars(tree)) {
    if (!rv.schemaname && ctes.has(rv.relname)) continue;
    out.add(key(rv.schemaname, rv.relname));
  }
  return [...out];
}

/** "public.x" for every table a parse tree creates. */
export function createdTables(tree: unknown): string[] {
  return collect(tree, 'CreateStmt').map((v) => {
    const rel = v.body.relation as { relname?: string; schemaname?: string } | undefined;
    return key(rel?.schemaname, rel?.relname ?? '');
  });
}

/** "public.x" for every table whose policies or RLS a parse tree changes. */
export function policyTables(tree: unknown): string[] {
  const out = new Set<string>();
  for (const tag of ['CreatePolicyStmt', 'AlterPolicyStmt']) {
    for (const v of collect(tree, tag)) {
      const rel = v.body.table as { relname?: string; schemaname?: string } | undefined;
      if (rel?.relname) out.add(key(rel.schemaname, rel.relname));
    }
  }
  for (const v of collect(tree, 'AlterTableStmt')) {
    const cmds = JSON.stringify(v.body.cmds ?? []);
    const rel = v.body.relation as { relname?: string; schemaname?: string } | undefined;
    if (rel?.relname && /AT_(Enable|Disable|Force|NoForce)RowSecurity/.test(cmds)) out.add(key(rel.schemaname, rel.relname));
  }
  return [...out];
}
