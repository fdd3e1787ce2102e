import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NotAFileError, type RepoFiles } from '../ports/repo-files.js';

/** RepoFiles over a local folder (the CLI reads the config from the working tree it reviews). */
export function createWorkingTreeFiles(root: string): RepoFiles {
  return {
    label: root,
    async getFile(path) {
      try {
        return await readFile(join(root, path), 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return null;
        if (code === 'EISDIR') throw new NotAFileError(path);
        throw err;
      }
    },
  };
}
