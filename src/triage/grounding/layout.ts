import { alembicPaths, sqlMigrationPaths } from '../../review/analyse/static/sql/source/migration-paths.js';
import { TEST_PATH } from '../../review/analyse/static/python/model/test-modules.js';
import type { GroundModel, GroundRoute, RepoLayout } from './types.js';

const dirOf = (path: string) => path.slice(0, path.lastIndexOf('/') + 1);

/** The most frequent value (ties: the first seen). */
function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const [v, n] of counts) if (best === undefined || n > counts.get(best)!) best = v;
  return best;
}

function migrationsOf(paths: readonly string[]): RepoLayout['migrations'] {
  const sql = sqlMigrationPaths(paths);
  const supabase = sql.filter((p) => /(^|\/)supabase\/migrations\//.test(p));
  if (supabase.length || paths.some((p) => /(^|\/)supabase\/config\.toml$/.test(p))) {
    return { tool: 'supabase', dir: supabase.length ? dirOf(supabase[0]) : `${paths.find((p) => /(^|\/)supabase\/config\.toml$/.test(p))!.replace(/config\.toml$/, '')}migrations/` };
  }
  const alembic = alembicPaths(paths);
  if (alembic.length) return { tool: 'alembic', dir: dirOf(alembic[alembic.length - 1]) };
  if (sql.length) return { tool: 'sql', dir: dirOf(sql[sql.length - 1]) };
  return { tool: 'none' };
}

/**
 * Where things live in this repository, from where its routes, models and tests are: a plan puts a
 * new router, schema or test beside the existing ones instead of in a folder the project does not use.
 */
export function detectLayout(params: { paths: readonly string[]; routes: readonly GroundRoute[]; models: readonly GroundModel[]; authFile?: string }): RepoLayout {
  const { paths, routes, models } = params;
  const python = paths.filter((p) => p.endsWith('.py'));
  const app = python.filter((p) => /(^|\/)main\.py$/.test(p) && !TEST_PATH.test(p)).sort((a, b) => a.split('/').length - b.split('/').length)[0];
  const routeFiles = [...new Set(routes.map((r) => r.file))];
  const routers = mostCommon(routeFiles.filter((f) => f !== app).map(dirOf));
  const schemas = mostCommon(models.filter((m) => m.kind === 'pydantic').map((m) => dirOf(m.file)));
  const ormFiles = models.filter((m) => m.kind === 'orm').map((m) => m.file);
  const services = python.map(dirOf).find((d) => /(^|\/)(services|crud|repositories)\/$/.test(d));
  const testFiles = python.filter((p) => TEST_PATH.test(p) && /(^|\/)test_[^/]+\.py$/.test(p));
  const tests = mostCommon(testFiles.map(dirOf)) ?? 'tests/';
  const deps = params.authFile ?? python.find((p) => /(^|\/)(deps|dependencies)\.py$/.test(p) && !TEST_PATH.test(p));
  return { app, routers, schemas, models: mostCommon(ormFiles), services, tests, migrations: migrationsOf(paths), deps };
}
