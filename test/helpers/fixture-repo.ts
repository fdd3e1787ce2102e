import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memorySnapshot } from '../../src/review/memory-snapshot.js';
import type { RepoSnapshot } from '../../src/review/types.js';

/** Every file under a folder, path (relative, with slashes) -> text. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) visit(full);
      else out[relative(dir, full).split('\\').join('/')] = readFileSync(full, 'utf8');
    }
  };
  visit(dir);
  return out;
}

/** The repository shapes of test/fixtures/triage: a Supabase project, an Alembic one and a plain SQLAlchemy one. */
export const SHAPES = ['schools', 'shop', 'clinic'] as const;
export type Shape = (typeof SHAPES)[number];

export function fixtureFiles(shape: Shape): Record<string, string> {
  return readTree(fileURLToPath(new URL(`../fixtures/triage/${shape}/`, import.meta.url)));
}

export function fixtureRepo(shape: Shape): { files: Record<string, string>; repo: RepoSnapshot } {
  const files = fixtureFiles(shape);
  return { files, repo: memorySnapshot(files) };
}
