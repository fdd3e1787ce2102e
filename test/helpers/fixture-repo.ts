import { fileURLToPath } from 'node:url';
import { memorySnapshot } from '../../src/review/memory-snapshot.js';
import { readTreeFromDisk } from '../../src/triage/read-tree.js';
import type { RepoSnapshot } from '../../src/domain/types.js';

/** Every file under a folder, path (relative, with slashes) -> text. */
export const readTree = readTreeFromDisk;

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
