import type { GroundRoute } from './grounding/types.js';
import type { Plan, PlanApi, PlanFile, PlanInput } from './plan/plan-tool.js';
import type { RepoTree } from './grounding/repo-paths.js';

const normalise = (path: string) => path.trim().replace(/\\/g, '/').replace(/^\.?\/+/, '');
/** `/lessons/{lesson_id}` and `/lessons/{id}` are the same route. */
const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}').replace(/\/$/, '')}`;

/**
 * Checks what a model names against the repository: an existing path is an existing file
 * (whatever the model said), a missing one is new only if the model said so, and is otherwise
 * flagged as not in the repository. A route is matched against the routes the Python engine found:
 * an existing one gets its file:line, one said to exist that does not is flagged. A truncated or
 * missing tree cannot tell, so nothing is flagged then.
 */
export function groundModelPlan(plan: PlanInput, params: { tree: RepoTree | null; routes?: readonly GroundRoute[] }): Plan {
  const { tree } = params;
  const sure = !!tree && !tree.truncated;
  const file = (f: { path: string; new: boolean }): PlanFile => {
    if (tree?.all.has(f.path)) return { path: f.path, new: false };
    if (f.new || !sure) return f;
    return { ...f, unknown: true };
  };
  const files = (list: readonly { path: string; new: boolean }[]) => {
    const seen = new Set<string>();
    return list
      .map((f) => ({ path: normalise(f.path), new: f.new }))
      .filter((f) => f.path && !seen.has(f.path) && seen.add(f.path))
      .map(file);
  };
  const known = new Map((params.routes ?? []).map((r) => [routeKey(r.method, r.path), r]));
  const api = plan.api.map((a): PlanApi => {
    const found = known.get(routeKey(a.method, a.path));
    if (found) return { ...a, new: false, at: `${found.file}:${found.line}` };
    if (!a.new && params.routes && sure) return { ...a, unknown: true };
    return a;
  });
  return {
    ...plan,
    steps: plan.steps.map((step) => ({ ...step, files: files(step.files) })),
    migrations: plan.migrations.map((m) => ({ ...m, ...file({ path: normalise(m.path), new: m.new }) })),
    tests: plan.tests.map((t) => ({ ...t, ...file({ path: normalise(t.path), new: t.new }) })),
    api,
  };
}
