import type { RepoSnapshot } from '../domain/types.js';

/** A RepoSnapshot over an in-memory map of path -> text (tests, the demo, the bench). */
export function memorySnapshot(files: Record<string, string>): RepoSnapshot {
  return {
    async listPaths() {
      return Object.keys(files).sort();
    },
    async readText(path: string) {
      return Object.prototype.hasOwnProperty.call(files, path) ? files[path] : null;
    },
  };
}
