import { classifyPath } from '../../../../collect/classify-file.js';

/** Down/rollback scripts undo a migration; replaying them would erase what the up script made. */
const DOWN_SCRIPT = /(^|[/._-])(down|rollback|revert|undo)(\.[a-z]+)?\.sql$|\/(down|rollback)\/|(^|\/)U\d+(\.\d+)*__[^/]*\.sql$/i;

/** dbmate and goose keep the down migration in the same file, after a marker comment. */
const DOWN_SECTION = /^[ \t]*--[ \t]*(migrate:down|\+goose[ \t]+down)\b/im;

/** The part of a migration file that runs on the way up. */
export function upSection(text: string): string {
  const down = DOWN_SECTION.exec(text);
  return down ? text.slice(0, down.index) : text;
}

const NATURAL = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** Migrations of another database engine (a ClickHouse or MySQL folder next to the PostgreSQL ones): not PostgreSQL SQL. */
const OTHER_ENGINE = /(^|\/)(clickhouse|mysql|mariadb|sqlite3?|mssql|sqlserver|oracle|bigquery|snowflake|duckdb|redshift|cassandra|cockroach(db)?)([/_.-]|$)/i;

/** SQL migrations of the repository in replay order: natural filename order (V2 before V10). */
export function sqlMigrationPaths(paths: readonly string[]): string[] {
  return paths.filter((p) => classifyPath(p) === 'sql' && !DOWN_SCRIPT.test(p) && !OTHER_ENGINE.test(p)).sort(NATURAL.compare);
}

export function alembicPaths(paths: readonly string[]): string[] {
  return paths.filter((p) => classifyPath(p) === 'alembic').sort(NATURAL.compare);
}

/** The supabase/config.toml of the project: the shallowest one. */
export function supabaseConfigPath(paths: readonly string[]): string | undefined {
  const found = paths.filter((p) => classifyPath(p) === 'supabase-config');
  return found.sort((a, b) => a.split('/').length - b.split('/').length)[0];
}

/** A revision file's `revision` id and the ids its `down_revision` names (one, a merge's tuple, or none). */
export function alembicRevision(text: string): { revision?: string; parents: string[] } {
  const revision = /^revision\s*(?::[^=]+)?=\s*['"]([^'"]+)['"]/m.exec(text)?.[1];
  const down = /^down_revision\s*(?::[^=]+)?=\s*(.+)$/m.exec(text)?.[1] ?? '';
  return { revision, parents: [...down.matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]) };
}

/**
 * Orders Alembic revisions as `alembic upgrade heads` runs them (filenames carry random ids). Alembic walks down from
 * the heads, one branch at a time, and upgrades in the reverse order: at a merge `down_revision = (a, b)` the branch
 * of `b` runs before the branch of `a`, and every revision runs after its down revisions.
 * (A plain parents-first sort with names as tie-breaks may run `a` first, and a branch that renames a table then
 * breaks its sibling.) Anything the walk does not reach follows in filename order.
 */
export function orderAlembicRevisions(files: readonly { path: string; text: string }[]): string[] {
  const byRevision = new Map<string, { path: string; parents: string[] }>();
  for (const f of [...files].sort((a, b) => NATURAL.compare(a.path, b.path))) {
    const { revision, parents } = alembicRevision(f.text);
    if (revision) byRevision.set(revision, { path: f.path, parents });
  }
  const parentsOf = (rev: string) => (byRevision.get(rev)?.parents ?? []).filter((p) => byRevision.has(p));
  const hasChild = new Set([...byRevision.values()].flatMap((n) => n.parents));
  const ancestors = (rev: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [...parentsOf(rev)];
    while (stack.length) {
      const r = stack.pop() as string;
      if (seen.has(r)) continue;
      seen.add(r);
      stack.push(...parentsOf(r));
    }
    return seen;
  };
  // Alembic's topological walk (script/revision.py, _topological_sort), heads first.
  const todo = new Set(byRevision.keys());
  // Independent heads (unrelated histories) are walked last file first, so that they upgrade in filename order.
  const heads = [...byRevision.keys()].filter((r) => !hasChild.has(r)).reverse();
  const headAncestors = heads.map(ancestors);
  const down: string[] = [];
  let at = 0;
  while (heads.length) {
    const candidate = heads[at];
    const blocker = headAncestors.findIndex((a, i) => i !== at && a.has(candidate));
    if (blocker >= 0) {
      at = blocker;
      continue;
    }
    if (todo.delete(candidate)) down.push(candidate);
    const next = parentsOf(candidate).filter((p) => todo.has(p) && !heads.includes(p));
    if (!next.length) {
      heads.splice(at, 1);
      headAncestors.splice(at, 1);
      at = Math.max(at - 1, 0);
    } else {
      heads[at] = next[0];
      headAncestors[at] = ancestors(next[0]);
      for (const extra of next.slice(1)) {
        heads.push(extra);
        headAncestors.push(ancestors(extra));
      }
    }
  }
  const ordered = down.reverse().map((rev) => byRevision.get(rev)?.path ?? '');
  const placed = new Set(ordered);
  const rest = files.map((f) => f.path).filter((p) => !placed.has(p)).sort(NATURAL.compare);
  return [...ordered, ...rest];
}

/** Markers that turn off the per-file transaction of dbmate, goose and similar runners. */
const NO_TRANSACTION = /transaction:\s*false|\+goose\s+NO\s+TRANSACTION|no[-_ ]transaction/i;

/** The Supabase CLI runs each migration file in its own transaction (supabase/cli#2898). */
export function fileTransaction(path: string, text: string): 'file' | 'none' {
  return /(^|\/)supabase\/migrations\//.test(path) && !NO_TRANSACTION.test(text) ? 'file' : 'none';
}
