import type { RepoGrounding, GroundRoute, GroundTable } from '../grounding/types.js';
import { nameParts, singular } from '../match/words.js';
import type { PlanFile } from '../plan/plan-tool.js';

/**
 * The files a plan names, chosen from where the repository keeps things: the module that already
 * serves the table's routes, the one that holds its Pydantic models, its test module. A file that
 * does not exist yet is named beside its siblings and marked new.
 */
export interface PlanFiles {
  router: PlanFile;
  schemas: PlanFile;
  tests: PlanFile;
  /** Where the auth dependencies live. */
  deps: PlanFile;
  /** The module of the ORM models, when the repository maps tables with SQLAlchemy / SQLModel. */
  orm?: PlanFile;
  /** A module that already sends notifications (mail, push), when there is one. */
  notifier?: PlanFile;
}

const existing = (path: string): PlanFile => ({ path, new: false });
const created = (path: string): PlanFile => ({ path, new: true });
const dirOf = (path: string) => path.slice(0, path.lastIndexOf('/') + 1);
const stemOf = (path: string) => path.slice(path.lastIndexOf('/') + 1).replace(/\.py$/, '');

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** A module named after the entity in the folder's own style: singular when the folder's modules are (order.py), else plural. */
function moduleName(dir: string, paths: readonly string[], plural: string): string {
  const stems = paths.filter((p) => dirOf(p) === dir && p.endsWith('.py') && !p.endsWith('__init__.py')).map(stemOf);
  const singularStyle = stems.length > 0 && stems.every((s) => singular(s) === s);
  return `${dir}${singularStyle ? singular(plural) : plural}.py`;
}

export function chooseFiles(params: { grounding: RepoGrounding; plural: string; model: string; routes: readonly GroundRoute[]; table?: GroundTable }): PlanFiles {
  const { grounding, plural, model } = params;
  const { layout, paths } = grounding;
  const has = (p: string) => paths.includes(p);
  const base = layout.app ? dirOf(layout.app) : '';

  const routeFile = mostCommon(params.routes.map((r) => r.file));
  const router = routeFile ? existing(routeFile) : layout.routers ? created(moduleName(layout.routers, paths, plural)) : layout.app ? existing(layout.app) : created(`${base}routers/${plural}.py`);

  const pydantic = grounding.models.filter((m) => m.kind === 'pydantic');
  const own = mostCommon(pydantic.filter((m) => nameParts(m.name).map(singular).includes(singular(nameParts(model)[0] ?? model.toLowerCase()))).map((m) => m.file));
  const single = mostCommon(pydantic.map((m) => m.file));
  const onlyOneSchemaModule = single && new Set(pydantic.map((m) => m.file)).size === 1;
  const schemaFile = own ?? (onlyOneSchemaModule ? single : layout.schemas ? moduleName(layout.schemas, paths, plural) : `${base}schemas/${plural}.py`);

  const tests = paths.find((p) => dirOf(p) === layout.tests && stemOf(p).replace(/^test_/, '') === plural) ?? paths.find((p) => /(^|\/)test_[^/]+\.py$/.test(p) && singular(stemOf(p).replace(/^test_/, '')) === singular(plural));
  const deps = grounding.auth?.file ?? layout.deps;
  const notifier = paths.find((p) => /\.py$/.test(p) && /(notif|mail|email|messag|push|sms)/i.test(stemOf(p)) && !/(^|\/)tests?\//.test(p));
  return {
    router,
    schemas: has(schemaFile) ? existing(schemaFile) : created(schemaFile),
    tests: tests ? existing(tests) : created(`${layout.tests}test_${plural}.py`),
    deps: deps ? existing(deps) : created(`${base}deps.py`),
    orm: params.table?.model && layout.models ? existing(grounding.models.find((m) => m.kind === 'orm' && m.name === params.table!.model)?.file ?? layout.models) : layout.models ? existing(layout.models) : undefined,
    notifier: notifier ? existing(notifier) : undefined,
  };
}
