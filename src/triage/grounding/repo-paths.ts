import { classifyPath, skipReasonForPath } from '../../review/collect/classify-file.js';

/** The repository as a plan sees it: a bounded list of paths, and how many there are in all. */
export interface RepoTree {
  /** Every path of the tree (for validating the paths a plan names). */
  all: ReadonlySet<string>;
  /** The paths shown to the model and used for the skeleton, backend files first, sorted. */
  shown: string[];
  /** The tree GitHub returned was cut (a very large repository). */
  truncated: boolean;
}

export const MAX_SHOWN_PATHS = 400;

const PROJECT_FILE = /(^|\/)(pyproject\.toml|requirements[\w.-]*\.txt|setup\.(py|cfg)|alembic\.ini|Dockerfile|docker-compose\.ya?ml|\.env\.example|Makefile|pytest\.ini|conftest\.py)$/;

function rank(path: string): number {
  if (classifyPath(path)) return 0;
  if (PROJECT_FILE.test(path)) return 1;
  if (/\.(ya?ml|toml|json|cfg|ini|md)$/i.test(path)) return 3;
  return 2;
}

/**
 * Picks at most `max` paths to show: vendored, generated and binary files never; Python and SQL
 * first, then project files, then the rest. The choice is stable (rank, then path order).
 */
export function selectPaths(paths: readonly string[], max = MAX_SHOWN_PATHS): string[] {
  const kept = paths.filter((p) => !skipReasonForPath(p));
  const chosen = kept
    .map((path) => ({ path, rank: rank(path) }))
    .sort((a, b) => a.rank - b.rank || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .slice(0, max)
    .map((e) => e.path);
  return chosen.sort();
}

export function buildRepoTree(paths: readonly string[], truncated: boolean, max = MAX_SHOWN_PATHS): RepoTree {
  return { all: new Set(paths), shown: selectPaths(paths, max), truncated };
}
