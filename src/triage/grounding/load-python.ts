import type { RepoSnapshot } from '../../domain/types.js';
import { classifyPath, skipReasonForPath } from '../../review/collect/classify-file.js';
import { loadPythonRuntime } from '../../review/analyse/static/parsers/python-parser.js';
import { Analysis } from '../../review/analyse/static/python/knowledge/analysis.js';
import { Project } from '../../review/analyse/static/python/model/project.js';
import { TEST_PATH } from '../../review/analyse/static/python/model/test-modules.js';

/** Python modules read for a plan, at most: the app's routers, schemas, models and dependencies come first. */
export const MAX_PYTHON_FILES = 120;

const RANKS: RegExp[] = [
  /(^|\/)(routers?|routes|endpoints|api|views|controllers)\//,
  /(^|\/)(main|app|server|api|application|deps|dependencies|auth|security)\.py$/,
  /(^|\/)(schemas?|models?|entities|domain|db|database|crud|repositor(y|ies)|services?)(\/|\.py$)/,
];

function rank(path: string): number {
  const i = RANKS.findIndex((re) => re.test(path));
  return (i < 0 ? RANKS.length : i) * 100 + path.split('/').length;
}

/** The application's Python modules, not tests, migrations or vendored code, most telling first. */
export function applicationModules(paths: readonly string[], max = MAX_PYTHON_FILES): { chosen: string[]; left: number } {
  const all = paths.filter((p) => classifyPath(p) === 'python' && !skipReasonForPath(p) && !TEST_PATH.test(p) && !/(^|\/)(alembic|migrations)\//.test(p));
  const chosen = [...all].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).slice(0, max);
  return { chosen, left: all.length - chosen.length };
}

/** Every chosen module parsed once into the review's Python model; a module that cannot be read or modelled is a note. */
export async function loadPythonProject(params: { repo: RepoSnapshot; paths: readonly string[]; notes: string[] }): Promise<Analysis> {
  const { repo, paths, notes } = params;
  const runtime = await loadPythonRuntime();
  const project = new Project({ runtime, paths, readText: (p) => repo.readText(p) });
  const { chosen, left } = applicationModules(paths);
  if (left > 0) notes.push(`${left} more Python modules were not read (the plan reads at most ${MAX_PYTHON_FILES})`);
  const texts = await Promise.all(chosen.map((path) => repo.readText(path).catch(() => null)));
  chosen.forEach((path, i) => {
    const text = texts[i];
    if (text === null) return void notes.push(`${path} could not be read`);
    try {
      project.addFile(path, text);
    } catch (err) {
      notes.push(`${path} could not be modelled: ${(err as Error).message}`);
    }
  });
  return new Analysis(project, () => project.loadedModels());
}
