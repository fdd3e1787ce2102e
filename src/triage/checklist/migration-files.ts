import type { RepoLayout } from '../grounding/types.js';

/**
 * Where a new migration goes, named the way the repository names its migrations: a Supabase
 * timestamp, an Alembic revision id, the next number of numbered SQL files. Null when the
 * repository has no migrations (tables come from `create_all`).
 */
export function migrationPath(layout: RepoLayout, paths: readonly string[], slug: string): string | null {
  const { tool, dir } = layout.migrations;
  if (tool === 'none' || !dir) return null;
  if (tool === 'supabase') return `${dir}YYYYMMDDHHMMSS_${slug}.sql`;
  if (tool === 'alembic') return `${dir}xxxxxxxxxxxx_${slug}.py`;
  const numbers = paths.filter((p) => p.startsWith(dir)).map((p) => /^(\d+)/.exec(p.slice(dir.length))?.[1]).filter((n): n is string => !!n);
  if (!numbers.length) return `${dir}${slug}.sql`;
  const width = Math.max(...numbers.map((n) => n.length));
  const next = String(Math.max(...numbers.map(Number)) + 1).padStart(width, '0');
  return `${dir}${next}_${slug}.sql`;
}

/** How the migration runner wraps a file: what the SQL rules need to judge CONCURRENTLY and locks. */
export function migrationTransaction(layout: RepoLayout, sql: string): 'file' | 'always' | 'none' {
  const single = sql.trim().split(/;\s*(?:\n|$)/).filter((s) => s.trim()).length <= 1;
  if (layout.migrations.tool === 'supabase') return 'file';
  // An Alembic revision runs in a transaction; a lone CONCURRENTLY statement goes in autocommit_block().
  if (layout.migrations.tool === 'alembic') return single && /\bconcurrently\b/i.test(sql) ? 'none' : 'always';
  return 'none';
}

/** One sentence on how to write the SQL into this repository's kind of migration. */
export function migrationHow(layout: RepoLayout): string {
  switch (layout.migrations.tool) {
    case 'supabase':
      return `A new file in \`${layout.migrations.dir}\` (the Supabase CLI runs each file in one transaction).`;
    case 'alembic':
      return 'A new Alembic revision (`alembic revision -m ...`) whose `upgrade()` runs this SQL with `op.execute(...)`; a CONCURRENTLY index goes in `with op.get_context().autocommit_block():`, and `downgrade()` undoes it.';
    case 'sql':
      return 'A new numbered SQL file next to the existing migrations.';
    default:
      return 'The repository has no migrations: `Base.metadata.create_all` creates missing tables but never alters existing ones.';
  }
}
