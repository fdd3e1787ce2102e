import type { PythonRuntime } from '../../parsers/python-parser.js';
import { buildTree } from '../syntax/build-tree.js';
import { buildModel } from './build-model.js';
import { PyFile } from './py-file.js';
import type { ModuleModel } from './types.js';
import type { PyNode } from '../syntax/py-node.js';

/** Modules that usually assemble the app and include the routers. */
const ENTRY_FILE = /(^|\/)(main|app|server|api|application|router|routers|routes)\.py$/;

/** A distribution's manifest, and the folder it makes installable (`''` at the top). */
const DIST_MANIFEST = /^((?:[^/]+\/)*)(?:pyproject\.toml|setup\.py|setup\.cfg)$/;

/** Folders of other people's code kept in the repository. */
const VENDORED = /(^|\/)(vendor|vendored|third_party|thirdparty|external|externals|node_modules|site-packages|\.?venv|\.tox)\//;

/** How far imports are followed from a changed file, and how many extra files may be parsed. */
const MAX_DEPTH = 2;
const MAX_EXTRA_FILES = 40;
/**
 * How far the types of bases and annotations are followed: a route's base class (1) types an attribute with a
 * service container (2) whose fields are the services (3).
 */
const MAX_TYPE_DEPTH = 3;

/** A module one module imports, with how much the importer needs it (see importEdges). */
interface ImportEdge {
  path: string;
  rank: number;
  /** Directory steps between the importer and the module: the nearest first. */
  distance: number;
  wants: Map<string, number>;
}

export interface ProjectParams {
  runtime: PythonRuntime;
  /** Every path of the head tree. */
  paths: readonly string[];
  readText(path: string): Promise<string | null>;
}

/**
 * The modules of one review run: the changed files plus the repository modules they import (to a
 * bounded depth), each parsed once and cached for the run. Lookups after `preload` are synchronous.
 */
export class Project {
  private readonly models = new Map<string, ModuleModel | null>();
  private readonly pyPaths: Set<string>;
  private readonly pathCache = new Map<string, string | null>();
  private extraFiles = 0;
  private allPaths: Set<string> | undefined;
  /** Imported or entry modules the engine failed to model (its own fault): named in the review's notes. */
  readonly failures: { path: string; error: unknown }[] = [];

  constructor(private readonly params: ProjectParams) {
    this.pyPaths = new Set(params.paths.filter((p) => p.endsWith('.py')));
  }

  /** Parses and registers a file (a changed file's head text, or a module read from the repo). */
  addFile(path: string, source: string): ModuleModel {
    const { root, errorAt } = buildTree(this.params.runtime, source);
    const model = buildModel(new PyFile(path, source, root, errorAt), dottedOf(path));
    this.models.set(path, model);
    if (!this.pyPaths.has(path)) {
      this.pyPaths.add(path);
      this.pathCache.clear();
    }
    return model;
  }

  /** Every module parsed so far (changed files and the modules they import). */
  *loadedModels(): Iterable<ModuleModel> {
    for (const m of this.models.values()) if (m) yield m;
  }

  /** True when the head tree holds a file at `path` (any kind: a prompt, a template, a JSON asset). */
  hasFile(path: string): boolean {
    this.allPaths ??= new Set(this.params.paths);
    return this.allPaths.has(path);
  }

  modelAt(path: string): ModuleModel | null {
    return this.models.get(path) ?? null;
  }

  /**
   * Loads the repository modules the given ones import, and theirs, up to the depths and file bounds, breadth
   * first: every direct import of the given modules before any import of an import. Within a level the modules
   * that define a class's bases come first, then the ones that define the types of annotations (parameters,
   * fields, attributes, returns; through the packages that re-export them), then the rest, each nearest first: a
   * large re-exporting package spends the budget only after what the inherited attributes' types need.
   */
  async preload(models: ModuleModel | readonly ModuleModel[]): Promise<void> {
    const expanded = new Set<ModuleModel>();
    let frontier: { model: ModuleModel; wants: Map<string, number> }[] = (Array.isArray(models) ? models : [models]).map((model) => ({ model, wants: new Map() }));
    for (let level = 0; level < MAX_TYPE_DEPTH && frontier.length; level++) {
      const edges = new Map<string, ImportEdge & { order: number }>();
      for (const { model, wants } of frontier) {
        if (expanded.has(model)) continue;
        expanded.add(model);
        for (const e of this.importEdges(model, wants)) {
          const seen = edges.get(e.path);
          if (!seen) edges.set(e.path, { ...e, order: edges.size });
          else {
            seen.rank = Math.min(seen.rank, e.rank);
            seen.distance = Math.min(seen.distance, e.distance);
            for (const [n, r] of e.wants) seen.wants.set(n, Math.min(r, seen.wants.get(n) ?? r));
          }
        }
      }
      const next: typeof frontier = [];
      // Past the import depth, only the modules that define the types are followed.
      const ordered = [...edges.values()].filter((e) => level < MAX_DEPTH || e.rank < 2).sort((a, b) => a.rank - b.rank || a.distance - b.distance || a.order - b.order);
      for (const e of ordered) {
        let model = this.models.get(e.path);
        if (model === undefined) {
          if (this.extraFiles >= MAX_EXTRA_FILES) break;
          this.extraFiles++;
          model = await this.loadContext(e.path);
        }
        if (model) next.push({ model, wants: e.wants });
      }
      frontier = next;
    }
  }

  /**
   * Loads the app's entry modules (main.py, app.py, api.py...), where routers are included with
   * router-wide dependencies, and what they import (the other routers and the auth dependencies
   * they use), within the file bound. A few entries at most, the shallowest first.
   */
  async preloadEntries(limit = 6): Promise<void> {
    const entries = [...this.pyPaths]
      .filter((p) => ENTRY_FILE.test(p) && p.split('/').length <= 5 && !this.models.has(p))
      .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))
      .slice(0, limit);
    const loaded: ModuleModel[] = [];
    for (const path of entries) {
      const model = await this.loadContext(path);
      if (model) loaded.push(model);
    }
    await this.preload(loaded);
  }

  /**
   * Loads modules that may run the given ones' code (a worker calling a changed coroutine), without following
   * their imports: at most `limit` files, the ones not already loaded and in the head tree. Returns them. The
   * callers have a budget of their own: a wide change that spent the imports' budget still learns who runs it.
   */
  async preloadCallers(paths: Iterable<string>, limit: number): Promise<ModuleModel[]> {
    const loaded: ModuleModel[] = [];
    let packages = 0;
    for (const path of paths) {
      if (loaded.length >= limit) break;
      if (this.models.has(path) || !this.pyPaths.has(path)) continue;
      const model = await this.loadContext(path);
      if (!model) continue;
      loaded.push(model);
      // The packages it imports from re-export the names it calls (`from .assembly import AppBuilder`): without
      // them, its calls resolve to nothing.
      for (const target of this.importedPaths(model)) {
        if (packages < limit && target.endsWith('/__init__.py') && !this.models.has(target)) {
          packages++;
          await this.loadContext(target);
        }
      }
    }
    return loaded;
  }

  /**
   * Reads and models a module the review needs for context (an import, an entry module). A module the
   * engine fails on costs only itself: it is recorded in `failures` and resolves as unknown.
   */
  private async loadContext(path: string): Promise<ModuleModel | null> {
    const text = await this.params.readText(path).catch(() => null);
    let model: ModuleModel | null = null;
    if (text !== null) {
      try {
        model = this.addFile(path, text);
      } catch (error) {
        this.failures.push({ path, error });
      }
    }
    this.models.set(path, model);
    return model;
  }

  /** The module a dotted import names, as seen from `from` (only if it is loaded). */
  moduleFor(dotted: string, from: ModuleModel): ModuleModel | null {
    const path = this.pathOf(dotted, from.file.path);
    return path ? this.models.get(path) ?? null : null;
  }

  /**
   * The repository path of a dotted module, trying every directory above `fromPath` as a root. A module
   * never finds itself through its own directory: `import openai` in a wrapper `llms/openai.py` is the
   * library (its full dotted name, `from app.llms.openai import X` in an example, is still itself).
   */
  pathOf(dotted: string, fromPath: string): string | null {
    const dir = fromPath.slice(0, fromPath.lastIndexOf('/') + 1);
    const key = `${dir}\0${dotted}`;
    let found = this.pathCache.get(key);
    if (found === undefined) {
      found = this.findPath(dotted, dir);
      this.pathCache.set(key, found);
    }
    return found === fromPath && !dotted.includes('.') && !fromPath.endsWith('/__init__.py') ? null : found;
  }

  private findPath(dotted: string, dir: string): string | null {
    const rel = dotted.split('.').join('/');
    const dirs = dir.split('/').filter(Boolean);
    for (let i = 0; i <= dirs.length; i++) {
      const root = dirs.slice(0, i).map((d) => d + '/').join('');
      // A package inside a package (`superagi/vector_store/` under `superagi/`) is never on sys.path: Python 3 has no
      // implicit relative imports, so `import pinecone` there is the library, not the sibling `pinecone.py`.
      if (i >= 1 && this.pyPaths.has(`${root}__init__.py`) && this.pyPaths.has(`${dirs.slice(0, i - 1).map((d) => d + '/').join('')}__init__.py`)) continue;
      // A regular package wins over a module of the same name in the same directory, as in Python's import system.
      for (const candidate of [`${root}${rel}/__init__.py`, `${root}${rel}.py`]) if (this.pyPaths.has(candidate)) return candidate;
    }
    // A package of the repository's other distributions (`packages/registry/registry_pkg/`, installed editable beside
    // the app's): a monorepo imports it by its own name from anywhere, not from a directory above the importer.
    for (const root of this.distributionRoots()) {
      if (dir.startsWith(root)) continue;
      for (const candidate of [`${root}${rel}/__init__.py`, `${root}${rel}.py`]) if (this.pyPaths.has(candidate)) return candidate;
    }
    return null;
  }

  private distRoots: string[] | undefined;

  /**
   * The folders of the repository's installable distributions (one with a `pyproject.toml`, `setup.py` or
   * `setup.cfg`, and its `src/` layout), shallowest first: the roots an editable install puts on `sys.path`.
   */
  private distributionRoots(): string[] {
    if (!this.distRoots) {
      const roots = new Set<string>();
      for (const p of this.params.paths) {
        const m = DIST_MANIFEST.exec(p);
        // A vendored copy of a library (`third_party/requests/setup.py`) is not what `import requests` loads.
        if (!m || VENDORED.test(m[1])) continue;
        roots.add(m[1]);
        roots.add(`${m[1]}src/`);
      }
      this.distRoots = [...roots].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
    }
    return this.distRoots;
  }

  /**
   * The repository modules `model` imports, each ranked by what the names it imports from it are to `model`:
   * 0 a base of one of its classes, 1 an annotation's type, 2 anything else; `wants` ranks the names an importer
   * of `model` needs from it (a package re-exporting them passes the rank on to the module that defines them).
   */
  private importEdges(model: ModuleModel, wants: ReadonlyMap<string, number>): ImportEdge[] {
    const ranks = typeNames(model);
    for (const [n, r] of wants) ranks.set(n, Math.min(r, ranks.get(n) ?? r));
    const out = new Map<string, ImportEdge>();
    const add = (path: string, rank: number, wanted: [string, number][]) => {
      if (path === model.file.path) return;
      let e = out.get(path);
      if (!e) out.set(path, (e = { path, rank, distance: pathDistance(model.file.path, path), wants: new Map() }));
      e.rank = Math.min(e.rank, rank);
      for (const [n, r] of wanted) e.wants.set(n, Math.min(r, e.wants.get(n) ?? r));
    };
    for (const [local, imp] of model.imports) {
      const asSubmodule = imp.name ? this.pathOf(`${imp.module}.${imp.name}`, model.file.path) : null;
      const path = asSubmodule ?? this.pathOf(imp.module, model.file.path);
      const rank = ranks.get(local) ?? 2;
      if (path) add(path, rank, !asSubmodule && imp.name && rank < 2 ? [[imp.name, rank]] : []);
    }
    // A name the module neither defines nor imports by name comes from its star imports.
    const missing = [...ranks].filter(([n, r]) => r < 2 && !model.scope.bindings.has(n));
    const rank = Math.min(2, ...missing.map(([, r]) => r));
    for (const dotted of model.starImports) {
      const path = this.pathOf(dotted, model.file.path);
      if (path) add(path, rank, missing);
    }
    return [...out.values()];
  }

  private importedPaths(model: ModuleModel): string[] {
    const out = new Set<string>();
    for (const imp of model.imports.values()) {
      const asSubmodule = imp.name ? this.pathOf(`${imp.module}.${imp.name}`, model.file.path) : null;
      const path = asSubmodule ?? this.pathOf(imp.module, model.file.path);
      if (path && path !== model.file.path) out.add(path);
    }
    for (const dotted of model.starImports) {
      const path = this.pathOf(dotted, model.file.path);
      if (path && path !== model.file.path) out.add(path);
    }
    return [...out];
  }
}

/**
 * The package that shadows a module file: `pkg/x/__init__.py` next to `pkg/x.py`. Python imports the package, so
 * the file never runs (a leftover of a module turned into a package). Null for a module that is imported.
 */
export function shadowingPackage(path: string, paths: ReadonlySet<string>): string | null {
  if (!path.endsWith('.py') || path.endsWith('/__init__.py')) return null;
  const pkg = `${path.slice(0, -3)}/__init__.py`;
  return paths.has(pkg) ? pkg : null;
}

/** `app/routers/x.py` -> `app.routers.x`; a package's `__init__.py` -> the package. */
export function dottedOf(path: string): string {
  return path.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.');
}

/**
 * The names a module's types are written with, ranked: 0 for a class's bases (`class Docs(BaseRouter)`), 1 for
 * annotations (parameters, returns, fields, annotated assignments; quoted ones too).
 */
function typeNames(model: ModuleModel): Map<string, number> {
  const out = new Map<string, number>();
  const file = model.file;
  const add = (node: PyNode | null | undefined, rank: number) => {
    if (!node) return;
    for (const m of file.text(node).matchAll(HEAD_NAME)) out.set(m[1], Math.min(rank, out.get(m[1]) ?? rank));
  };
  for (const cls of model.classes) {
    for (const b of cls.bases) add(b, 0);
    for (const f of cls.fields.values()) add(f.annotation, 1);
  }
  for (const fn of model.functions) {
    for (const p of fn.params) add(p.annotation, 1);
    add(fn.returnType, 1);
  }
  for (const scope of [model.scope, ...model.functions.map((f) => f.scope)]) {
    for (const bindings of scope.bindings.values()) for (const b of bindings) add(b.annotation, 1);
  }
  return out;
}

/** The first name of each dotted name in a type expression (`models` of `models.User`, `User` of `"User"`). */
const HEAD_NAME = /(?<![\w.])([A-Za-z_]\w*)/g;

/** How many directories apart two paths are: 0 in the same directory, 1 for a parent's or a child's. */
function pathDistance(a: string, b: string): number {
  const da = a.split('/').slice(0, -1);
  const db = b.split('/').slice(0, -1);
  let common = 0;
  while (common < da.length && common < db.length && da[common] === db[common]) common++;
  return da.length - common + (db.length - common);
}
