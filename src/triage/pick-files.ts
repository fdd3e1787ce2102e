import type { PlanFile } from './plan-tool.js';
import type { RepoTree } from './repo-paths.js';
import { mentionedPaths } from './classify-issue.js';

/** The files a checklist names, chosen from the repository tree by name and place. */
export interface FileHints {
  /** The entity the change is about, e.g. `notes` (from a matching router), else `items`. */
  resource: string;
  migration: PlanFile;
  routers: PlanFile[];
  models: PlanFile[];
  tests: PlanFile[];
  /** Paths the text mentions (or the PR changes), existing or not. */
  mentioned: PlanFile[];
}

const STOP = new Set(['add', 'adding', 'the', 'and', 'for', 'with', 'from', 'into', 'that', 'this', 'when', 'should', 'can', 'not', 'new', 'endpoint', 'endpoints', 'api', 'route', 'support', 'allow', 'make', 'use', 'users', 'user', 'bug', 'error', 'slow', 'fix', 'feature', 'request', 'table', 'able', 'all', 'get', 'post', 'put', 'patch', 'delete', 'list', 'let']);
const ROUTER = /(^|\/)(routers?|routes|api|endpoints|views)\/(?:[\w-]+\/)*([\w-]+)\.py$/;
const MODELS = /(^|\/)(models?|schemas?)(\/(?:[\w-]+\/)*([\w-]+))?\.py$/;
const TEST_FILE = /(^|\/)(tests?)\/(?:[\w-]+\/)*test_([\w-]+)\.py$/;

const words = (text: string) => [...new Set(text.toLowerCase().match(/[a-z][a-z0-9]{2,}/g) ?? [])].filter((w) => !STOP.has(w));
const singular = (w: string) => w.replace(/ies$/, 'y').replace(/s$/, '');
const stemOf = (path: string) => path.split('/').pop()!.replace(/\.py$/, '').replace(/^test_/, '');
const matches = (stem: string, ws: string[]) => ws.some((w) => singular(w) === singular(stem));

function pick(tree: RepoTree | null, re: RegExp, ws: string[]): { matched: string[]; any?: string } {
  const paths = tree?.shown.filter((p) => re.test(p) && !p.endsWith('__init__.py')) ?? [];
  return { matched: paths.filter((p) => matches(stemOf(p), ws)).slice(0, 2), any: paths[0] };
}

/** Chooses plausible files for each step; new files are named where the tree says they belong. */
export function pickFiles(params: { tree: RepoTree | null; title: string; body: string; request?: string; changed?: readonly string[] }): FileHints {
  const { tree } = params;
  const ws = words(`${params.title} ${params.request ?? ''}`);
  const exists = (p: string) => !!tree?.all.has(p);
  const routers = pick(tree, ROUTER, ws);
  const resource = routers.matched[0] ? stemOf(routers.matched[0]) : (ws.find((w) => w.length > 3 && w.endsWith('s')) ?? 'items');
  const slug = resource.replace(/[^a-z0-9]+/g, '_');

  const paths = tree ? [...tree.all] : [];
  const main = paths.find((p) => /(^|\/)main\.py$/.test(p));
  const base = main?.replace(/main\.py$/, '') ?? 'app/';
  const migration: PlanFile = paths.some((p) => p.startsWith('supabase/migrations/'))
    ? { path: `supabase/migrations/YYYYMMDDHHMMSS_${slug}.sql`, new: true }
    : paths.find((p) => /(^|\/)alembic\/versions\//.test(p))
      ? { path: `${paths.find((p) => /(^|\/)alembic\/versions\//.test(p))!.replace(/versions\/.*$/, 'versions/')}xxxx_${slug}.py`, new: true }
      : { path: `supabase/migrations/YYYYMMDDHHMMSS_${slug}.sql`, new: true };

  // A pull request's own Python files are where its steps happen.
  const changedCode = (params.changed ?? []).filter((p) => p.endsWith('.py') && !/(^|\/)(tests?|migrations|alembic)\//.test(p)).slice(0, 3);
  // A small app keeps its routes in main.py: name it rather than invent a router module.
  const routerFiles = changedCode.length ? changedCode : routers.matched.length ? routers.matched : routers.any ? [routers.any] : main ? [main] : [];
  const models = pick(tree, MODELS, ws);
  const modelFiles = models.matched.length ? models.matched : models.any ? [models.any] : [];
  const tests = pick(tree, TEST_FILE, ws);
  const testDir = (tests.any ?? paths.find((p) => /(^|\/)tests?\//.test(p)))?.replace(/(^|\/)(tests?)\/.*$/, '$1$2/') ?? 'tests/';
  const testFiles: PlanFile[] = tests.matched.length ? tests.matched.map((path) => ({ path, new: false })) : [{ path: `${testDir}test_${slug}.py`, new: true }];

  const mentioned = [...new Set([...(params.changed ?? []), ...mentionedPaths(`${params.title}\n${params.body}`)])].slice(0, 8);
  return {
    resource,
    migration,
    routers: routerFiles.length ? routerFiles.map((path) => ({ path, new: false })) : [{ path: `${base}routers/${slug}.py`, new: true }],
    models: modelFiles.length ? modelFiles.map((path) => ({ path, new: false })) : [{ path: `${base}schemas/${slug}.py`, new: true }],
    tests: testFiles,
    mentioned: mentioned.map((path) => ({ path, new: false, unknown: tree ? !exists(path) : undefined })),
  };
}
