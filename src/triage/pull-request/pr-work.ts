import type { ChangeSet, RepoSnapshot } from '../../domain/types.js';
import type { Log } from '../../domain/logger.js';
import { loadPythonRuntime } from '../../review/analyse/static/parsers/python-parser.js';
import { Analysis } from '../../review/analyse/static/python/knowledge/analysis.js';
import { Project } from '../../review/analyse/static/python/model/project.js';
import type { ModuleModel } from '../../review/analyse/static/python/model/types.js';
import { TEST_PATH } from '../../review/analyse/static/python/model/test-modules.js';
import { routesOf } from '../grounding/python-surface.js';
import type { GroundRoute } from '../grounding/types.js';
import { findTests } from './find-tests.js';
import { tablesAdded, type AddedTable } from './tables-added.js';

/** What a pull request adds that needs tests: its new or changed routes, the tables it creates, and which are tested. */
export interface PullRequestWork {
  routes: { route: GroundRoute; testedIn?: string }[];
  tables: AddedTable[];
  /** How many test modules were searched. */
  testFiles: number;
  supabase: boolean;
  notes: string[];
}

/** Routes whose function the pull request added or changed a line of. */
async function changedRoutes(changeSet: ChangeSet, repo: RepoSnapshot, paths: readonly string[], notes: string[]): Promise<GroundRoute[]> {
  const files = changeSet.files.filter((f) => f.kind === 'python' && f.content !== null && !TEST_PATH.test(f.path) && f.lines.added.size);
  if (!files.length) return [];
  const project = new Project({ runtime: await loadPythonRuntime(), paths, readText: (p) => repo.readText(p) });
  const added = new Map(files.map((f) => [f.path, f.lines.added]));
  const models: ModuleModel[] = [];
  for (const f of files) {
    try {
      models.push(project.addFile(f.path, f.content!));
    } catch (err) {
      notes.push(`${f.path} could not be modelled: ${(err as Error).message}`);
    }
  }
  await project.preload(models);
  await project.preloadEntries();
  const an = new Analysis(project, () => project.loadedModels());
  return routesOf(an, (fn) => {
    const lines = added.get(fn.module.file.path);
    if (!lines) return false;
    const from = fn.module.file.startLine(fn.outerNode);
    const to = fn.module.file.endLine(fn.outerNode);
    for (const l of lines) if (l >= from && l <= to) return true;
    return false;
  });
}

export async function findPullRequestWork(params: { changeSet: ChangeSet; repo: RepoSnapshot; paths: readonly string[]; log: Log }): Promise<PullRequestWork> {
  const { changeSet, repo, paths, log } = params;
  const notes: string[] = [];
  const [routes, tables] = await Promise.all([
    changedRoutes(changeSet, repo, paths, notes).catch((err) => (notes.push(`the changed routes could not be read: ${(err as Error).message}`), [] as GroundRoute[])),
    tablesAdded({ changeSet, repo, paths }).catch((err) => (notes.push(`the changed migrations could not be replayed: ${(err as Error).message}`), { tables: [] as AddedTable[], supabase: false })),
  ]);
  const tests = await findTests({ changeSet, repo, paths, routes });
  log.info({ routes: routes.length, tables: tables.tables.length, testFiles: tests.searched }, 'pull request work read');
  return { routes: routes.map((route) => ({ route, testedIn: tests.testedIn(route) })), tables: tables.tables, testFiles: tests.searched, supabase: tables.supabase, notes };
}
