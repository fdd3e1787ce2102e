import type { PythonRuntime } from '../../parsers/python-parser.js';
import { buildTree } from '../syntax/build-tree.js';
import { buildModel } from './build-model.js';
import { PyFile } from './py-file.js';
import type { ModuleModel } from './types.js';

/** Modules that usually assemble the app and include the routers. */
const ENTRY_FILE = /(^|\/)(main|app|server|api|application|router|routers|routes)\.py$/;

/** How far imports are followed from a changed file, and how many extra files may be parsed. */
const MAX_DEPTH = 2;
const MAX_EXTRA_FILES = 40;

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

  /** Loads the repository modules `model` imports, and theirs, up to the depth and file bounds. */
  async preload(model: ModuleModel, depth = MAX_DEPTH): Promise<void> {
    if (depth <= 0) return;
    for (const target of this.importedPaths(model)) {
      let next = this.models.get(target);
      if (next === undefined) {
        if (this.extraFiles >= MAX_EXTRA_FILES) return;
        this.extraFiles++;
        next = await this.loadContext(target);
      }
      if (next) await this.preload(next, depth - 1);
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
    for (const model of loaded) await this.preload(model);
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
    return null;
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
