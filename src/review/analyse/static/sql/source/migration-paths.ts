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
 * Orders Alembic revisions along their down_revision chain (filenames carry random ids), falling
 * back to filename order for anything the chain does not reach.
 */
export function orderAlembicRevisions(files: readonly { path: string; text: string }[]): string[] {
  const byRevision = new Map<string, { path: string; parents: string[] }>();
  for (const f of files) {
    const { revision, parents } = alembicRevision(f.text);
    if (revision) byRevision.set(revision, { path: f.path, parents });
  }
  // Kahn's algorithm: a revision comes after all of its parents; ties in filename order.
  const pending = new Map([...byRevision].map(([rev, n]) => [rev, n.parents.filter((p) => byRevision.has(p)).length]));
  const children = new Map<string, string[]>();
  for (const [rev, n] of byRevision) for (const p of n.parents) children.set(p, [...(children.get(p) ?? []), rev]);
  const ready = [...pending].filter(([, count]) => count === 0).map(([rev]) => rev).sort(NATURAL.compare);
  const ordered: string[] = [];
  while (ready.length) {
    const rev = ready.shift() as string;
    ordered.push(byRevision.get(rev)?.path ?? '');
    for (const child of children.get(rev) ?? []) {
      const left = (pending.get(child) ?? 1) - 1;
      pending.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  const placed = new Set(ordered);
  const rest = files.map((f) => f.path).filter((p) => !placed.has(p));
  return [...ordered, ...rest];
}

/** Markers that turn off the per-file transaction of dbmate, goose and similar runners. */
const NO_TRANSACTION = /transaction:\s*false|\+goose\s+NO\s+TRANSACTION|no[-_ ]transaction/i;

/** The Supabase CLI runs each migration file in its own transaction (supabase/cli#2898). */
export function fileTransaction(path: string, text: string): 'file' | 'none' {
  return /(^|\/)supabase\/migrations\//.test(path) && !NO_TRANSACTION.test(text) ? 'file' : 'none';
}
