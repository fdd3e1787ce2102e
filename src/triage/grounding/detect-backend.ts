import type { RepoSnapshot } from '../../domain/types.js';
import { createBackendDetector } from '../../review/collect/backend-repo.js';
import { classifyPath, importsBackendLibrary, skipReasonForPath } from '../../review/collect/classify-file.js';
import type { BackendVerdict } from './types.js';

/** Python files asked about, at most: entry modules first, one per directory. */
const MAX_PROBES = 6;
const ENTRY = /(^|\/)(main|app|server|api|asgi|deps|dependencies|database|db|models?)\.py$/;

/**
 * Whether the review would review this repository's code, decided the way the review decides for a
 * changed file: a migration, an Alembic revision or supabase/config.toml is backend by its path;
 * a Python module is when it, a module beside it, or the dependency manifest names FastAPI,
 * Supabase, SQLAlchemy or a Postgres driver.
 */
export async function detectBackendRepository(repo: RepoSnapshot, paths: readonly string[]): Promise<BackendVerdict> {
  const kept = paths.filter((p) => !skipReasonForPath(p));
  const byPath = kept.find((p) => {
    const kind = classifyPath(p);
    return kind === 'sql' || kind === 'alembic' || kind === 'supabase-config';
  });
  if (byPath) return { verdict: 'yes', evidence: byPath };
  const python = kept.filter((p) => classifyPath(p) === 'python');
  if (!python.length) return { verdict: 'no', evidence: 'no Python modules or migrations in the tree' };
  const isBackend = createBackendDetector(repo);
  const seen = new Set<string>();
  const probes = [...python]
    .sort((a, b) => Number(!ENTRY.test(a)) - Number(!ENTRY.test(b)) || a.split('/').length - b.split('/').length || a.localeCompare(b))
    .filter((p) => {
      const dir = p.slice(0, p.lastIndexOf('/') + 1);
      return !seen.has(dir) && seen.add(dir);
    })
    .slice(0, MAX_PROBES);
  for (const path of probes) {
    const text = await repo.readText(path).catch(() => null);
    if ((text !== null && importsBackendLibrary(text)) || (await isBackend(path))) return { verdict: 'yes', evidence: path };
  }
  return { verdict: 'no', evidence: `none of ${probes.length} Python entry modules, their neighbours or the manifests name FastAPI, Supabase or a Postgres driver` };
}
