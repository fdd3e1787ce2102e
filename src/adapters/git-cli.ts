import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import type { GitPort } from '../ports/git.js';
import { createGitBlobReader } from './git-blob-reader.js';

const run = promisify(execFile);

/** The GitPort over the `git` executable on PATH. */
export const gitCli: GitPort = {
  async run(cwd, args) {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  },
  blobReader: (cwd) => createGitBlobReader(cwd),
};

/** Runs git to build a repository (the demo's), output discarded; throws when git fails. */
export function runGitSync(cwd: string, args: string[], env: NodeJS.ProcessEnv): void {
  execFileSync('git', args, { cwd, stdio: 'ignore', env });
}
