/**
 * The files a repository keeps about the app itself (`.github/backend-agent.yml`, its own
 * persona), read where the owner decides them: the default branch on GitHub, the working tree
 * for the CLI. One loader (src/config/load-repo-setup.ts) reads them through this port for the
 * App, the Action and the CLI alike.
 */
export interface RepoFiles {
  /** `owner/repo` (or the folder) the files come from, for messages. */
  readonly label: string;
  /**
   * The text of a file, or null when there is none (HTTP 404, no such file). Anything else
   * throws (a 5xx, the network, a permission): the caller decides whether that fails the job.
   * A path that names a directory or a submodule throws NotAFileError.
   */
  getFile(path: string): Promise<string | null>;
  /**
   * The same reader over another repository of the same host (the owner's `.github`
   * repository, an `_extends` target), on its default branch; absent where there is no other
   * repository to read (a local working tree).
   */
  elsewhere?(owner: string, repo: string): RepoFiles;
}

/** The path exists but is not a file (a directory, a submodule, a link GitHub will not follow). */
export class NotAFileError extends Error {
  constructor(readonly path: string) {
    super(`${path} is not a file`);
  }
}
