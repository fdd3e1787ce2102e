import type { RepoSnapshot } from '../../domain/types.js';
import type { Log } from '../../domain/logger.js';
import { detectBackendRepository } from './detect-backend.js';
import { detectLayout } from './layout.js';
import { loadPythonProject } from './load-python.js';
import { ormSurfaceOf } from './orm-tables.js';
import { pydanticModelsOf, routesOf } from './python-surface.js';
import { replaySchema, type ReplayedSchema } from './replay-schema.js';
import { tablesFromSchema } from './schema-tables.js';
import type { GroundRoute, GroundTable, RepoGrounding } from './types.js';

export interface GatheredRepo {
  grounding: RepoGrounding;
  /** The replayed migrations, for checking a plan's SQL on top of them; null when nothing could be replayed. */
  schema: ReplayedSchema | null;
  /** Reads a file of the same snapshot (cached): source excerpts for the model. */
  read(path: string): Promise<string | null>;
}

/** The dependency most authenticated routes run, by name. */
function mainAuth(routes: readonly GroundRoute[]): string | undefined {
  const counts = new Map<string, number>();
  for (const r of routes) if (r.caller) counts.set(r.caller, (counts.get(r.caller) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** Migration tables first; ORM-only tables after, and the ORM class named on the migration table it maps. */
function mergeTables(fromMigrations: GroundTable[], fromModels: GroundTable[]): GroundTable[] {
  const byName = new Map(fromMigrations.map((t) => [t.name, t]));
  const out = [...fromMigrations];
  for (const t of fromModels) {
    const same = byName.get(t.name);
    if (same) same.model ??= t.model;
    else out.push(t);
  }
  return out;
}

/**
 * Reads the repository at `ref` the way the review engines do: migrations replayed by the SQL
 * engine, modules modelled by the Python engine. Any part that fails costs only that part and is
 * named in `notes`; the plan then says what it could not see.
 */
export async function gatherRepo(params: { repo: RepoSnapshot; ref: string; log: Log }): Promise<GatheredRepo> {
  const { repo, ref, log } = params;
  const notes: string[] = [];
  const paths = await repo.listPaths();
  const backend = await detectBackendRepository(repo, paths).catch((err) => ({ verdict: 'unknown' as const, evidence: `the repository could not be read: ${(err as Error).message}` }));
  let schema: ReplayedSchema | null = null;
  try {
    const sqlNotes: { message: string }[] = [];
    schema = await replaySchema({ repo, paths, notes: sqlNotes });
    notes.push(...sqlNotes.map((n) => n.message));
  } catch (err) {
    log.warn({ err }, 'plan grounding: the migrations could not be replayed');
    notes.push(`the migrations could not be replayed: ${(err as Error).message}`);
  }
  let routes: GroundRoute[] = [];
  let surface: ReturnType<typeof ormSurfaceOf> = { tables: [], models: [] };
  let pydantic: RepoGrounding['models'] = [];
  let definedIn: (name: string) => string | undefined = () => undefined;
  let registry: string | undefined;
  try {
    const an = await loadPythonProject({ repo, paths, notes });
    routes = routesOf(an);
    surface = ormSurfaceOf(an);
    pydantic = pydanticModelsOf(an);
    const includes = [...an.loadedModules()].map((m) => ({ path: m.file.path, n: m.calls.filter((c) => c.name === 'include_router').length })).filter((x) => x.n > 0);
    registry = includes.sort((a, b) => b.n - a.n || a.path.split('/').length - b.path.split('/').length)[0]?.path;
    definedIn = (name) => [...an.loadedModules()].find((m) => m.functions.some((fn) => fn.name === name && !fn.cls))?.file.path;
  } catch (err) {
    log.warn({ err }, 'plan grounding: the Python modules could not be modelled');
    notes.push(`the Python modules could not be modelled: ${(err as Error).message}`);
  }
  const tables = mergeTables(schema ? tablesFromSchema(schema.model) : [], surface.tables);
  const models = [...pydantic, ...surface.models];
  const authName = mainAuth(routes);
  const authFile = authName ? definedIn(authName) : undefined;
  const layout = { ...detectLayout({ paths, routes, models, authFile }), registry };
  const grounding: RepoGrounding = {
    ref,
    paths,
    backend,
    supabase: schema?.supabase ?? paths.some((p) => /(^|\/)supabase\//.test(p)),
    tables,
    routes,
    models,
    layout,
    auth: authName ? { name: authName, file: authFile } : undefined,
    notes,
  };
  log.info({ ref, tables: tables.length, routes: routes.length, models: models.length, backend: backend.verdict, notes: notes.length }, 'plan grounding read');
  return { grounding, schema, read: (path) => repo.readText(path) };
}
