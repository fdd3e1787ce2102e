import type { Plan, PlanInput } from './plan-tool.js';
import type { RepoTree } from './repo-paths.js';

const normalise = (path: string) => path.trim().replace(/\\/g, '/').replace(/^\.?\/+/, '');

/**
 * Checks every file a model names against the repository tree: an existing path is an existing
 * file (whatever the model said), a missing one is new only if the model said so, and is
 * otherwise flagged as not in the repository. A truncated or missing tree cannot tell, so
 * nothing is flagged then.
 */
export function groundPlanPaths(plan: PlanInput, tree: RepoTree | null): Plan {
  const sure = !!tree && !tree.truncated;
  return {
    ...plan,
    steps: plan.steps.map((step) => {
      const seen = new Set<string>();
      const files = step.files
        .map((f) => ({ path: normalise(f.path), new: f.new }))
        .filter((f) => f.path && !seen.has(f.path) && seen.add(f.path))
        .map((f) => {
          if (tree?.all.has(f.path)) return { path: f.path, new: false };
          if (f.new || !sure) return f;
          return { ...f, unknown: true };
        });
      return { ...step, files };
    }),
  };
}
