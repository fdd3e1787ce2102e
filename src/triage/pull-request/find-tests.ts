import type { ChangeSet, RepoSnapshot } from '../../domain/types.js';
import type { GroundRoute } from '../grounding/types.js';

/** Test modules read, at most, to decide which routes are tested. */
const MAX_TEST_FILES = 40;
const TEST_FILE = /(^|\/)(test_[^/]+|[^/]+_test)\.py$/;

/**
 * A route is tested when a test module requests it: the route's path (parameters as any value,
 * an /api/vN prefix optional) with the route's method, as `client.post("/orders/1/cancel")` would.
 */
function pattern(route: GroundRoute): RegExp {
  const path = route.path.replace(/^\/api(\/v\d+)?(?=\/)/, '');
  const body = path
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? `[^"'\\s/?]+` : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`\\.${route.method.toLowerCase()}\\(\\s*f?["'][^"']*${body}(?:[?"'])`);
}

export async function findTests(params: { changeSet: ChangeSet; repo: RepoSnapshot; paths: readonly string[]; routes: readonly GroundRoute[] }): Promise<{ searched: number; testedIn(route: GroundRoute): string | undefined }> {
  const { changeSet, repo, paths, routes } = params;
  const words = new Set(routes.flatMap((r) => r.path.split(/[/{}_-]+/).filter((w) => w.length > 2)));
  const candidates = [...new Set([...changeSet.files.map((f) => f.path), ...paths])].filter((p) => TEST_FILE.test(p));
  // Modules named after the routes' words first: test_orders.py for /orders.
  candidates.sort((a, b) => Number(![...words].some((w) => a.includes(w))) - Number(![...words].some((w) => b.includes(w))) || a.localeCompare(b));
  const changedText = new Map(changeSet.files.map((f) => [f.path, f.content]));
  const texts = new Map<string, string>();
  await Promise.all(
    candidates.slice(0, MAX_TEST_FILES).map(async (path) => {
      const text = changedText.get(path) ?? (await repo.readText(path).catch(() => null));
      if (text) texts.set(path, text);
    }),
  );
  return {
    searched: texts.size,
    testedIn: (route) => {
      if (!routes.length) return undefined;
      const re = pattern(route);
      for (const [path, text] of texts) if (re.test(text)) return path;
      return undefined;
    },
  };
}
