import type { PgParser } from '../../../parsers/pg-parser.js';

const QUICK = /\bselect\s+(distinct\s+)?(\w+\.)?\*/i;

/**
 * True when the top-level SELECT of a SQL text lists `*` (or `t.*`) as a target. Uses the
 * PostgreSQL parser when available (placeholders are normalised to `$n` first); `count(*)` and
 * `EXISTS (SELECT * ...)` are not targets of the outer query and are not reported.
 */
export function selectsStar(pg: PgParser | null, sql: string): boolean {
  if (!QUICK.test(sql)) return false;
  const normalised = sql.replace(/%\(\w+\)s|%s|(?<![:\w]):[A-Za-z_]\w*|\?/g, '$$1');
  if (pg) {
    try {
      const tree = pg.parse(normalised) as { stmts?: { stmt?: Record<string, unknown> }[] };
      return (tree.stmts ?? []).some((s) => targetsStar(s.stmt?.SelectStmt as SelectNode | undefined));
    } catch {
      // Not parseable as PostgreSQL (a fragment, another dialect): fall back to the text check below.
    }
  }
  return /^\s*select\s+(distinct\s+)?(\w+\.)?\*\s*(,|from\b)/i.test(sql);
}

interface SelectNode {
  targetList?: { ResTarget?: { val?: { ColumnRef?: { fields?: Record<string, unknown>[] } } } }[];
  larg?: SelectNode;
  rarg?: SelectNode;
}

function targetsStar(select: SelectNode | undefined): boolean {
  if (!select) return false;
  if (select.larg || select.rarg) return targetsStar(select.larg) || targetsStar(select.rarg);
  return (select.targetList ?? []).some((t) => (t.ResTarget?.val?.ColumnRef?.fields ?? []).some((f) => 'A_Star' in f));
}
