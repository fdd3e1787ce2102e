import type { RepoSnapshot } from '../types.js';
import { manifestNamesBackend } from './classify-file.js';

const MANIFESTS = ['pyproject.toml', 'requirements.txt', 'requirements.in', 'Pipfile', 'setup.cfg', 'setup.py'];

/** True when a dependency manifest of the repository names FastAPI, Supabase or a Postgres driver. */
export async function repoDeclaresBackend(snapshot: RepoSnapshot): Promise<boolean> {
  const all = await snapshot.listPaths();
  const manifests = all.filter((p) => MANIFESTS.includes(p.split('/').pop()!) || /(^|\/)requirements[^/]*\.txt$/.test(p)).slice(0, 10);
  for (const path of manifests) {
    const text = await snapshot.readText(path);
    if (text && manifestNamesBackend(text)) return true;
  }
  return false;
}
