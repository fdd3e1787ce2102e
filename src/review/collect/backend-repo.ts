import type { RepoSnapshot } from '../../domain/types.js';
import { importsBackendLibrary, manifestNamesBackend } from './classify-file.js';

const MANIFESTS = ['pyproject.toml', 'requirements.txt', 'requirements.in', 'Pipfile', 'setup.cfg', 'setup.py'];
/** Sibling modules read, at most, to decide one directory. */
const SIBLINGS_PER_DIRECTORY = 6;
const PREFERRED = ['main.py', 'app.py', 'deps.py', 'dependencies.py', 'api.py', 'routes.py', 'db.py', 'database.py', '__init__.py'];

const dirOf = (path: string) => path.split('/').slice(0, -1).join('/');

/**
 * Decides whether a changed Python file that imports no backend library itself is still part of
 * the FastAPI / Supabase backend: the repository declares such a dependency, or a module beside
 * it (same directory, then its parent package) imports one. Answers are cached per directory.
 */
export function createBackendDetector(snapshot: RepoSnapshot): (path: string) => Promise<boolean> {
  let declared: Promise<boolean> | undefined;
  const directories = new Map<string, Promise<boolean>>();

  const manifestDeclares = async () => {
    const all = await snapshot.listPaths();
    const manifests = all.filter((p) => MANIFESTS.includes(p.split('/').pop()!) || /(^|\/)requirements[^/]*\.txt$/.test(p)).slice(0, 10);
    for (const path of manifests) {
      const text = await snapshot.readText(path);
      if (text && manifestNamesBackend(text)) return true;
    }
    return false;
  };

  const directoryImports = async (dir: string, self: string) => {
    const all = await snapshot.listPaths();
    const siblings = all
      .filter((p) => p !== self && p.endsWith('.py') && dirOf(p) === dir)
      .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
      .slice(0, SIBLINGS_PER_DIRECTORY);
    for (const path of siblings) {
      const text = await snapshot.readText(path);
      if (text && importsBackendLibrary(text)) return true;
    }
    return false;
  };

  return async (path) => {
    if (await (declared ??= manifestDeclares())) return true;
    for (let dir = dirOf(path), depth = 0; depth < 2; dir = dirOf(dir), depth++) {
      let answer = directories.get(dir);
      if (!answer) {
        answer = directoryImports(dir, path);
        directories.set(dir, answer);
      }
      if (await answer) return true;
      if (!dir) break;
    }
    return false;
  };
}

function rank(path: string): number {
  const i = PREFERRED.indexOf(path.split('/').pop()!);
  return i < 0 ? PREFERRED.length : i;
}
