/** Reads many blobs of one repository through one process; close() ends it. */
export interface GitBlobReader {
  /** The bytes of `rev:path`, or null when there is no such blob. */
  read(spec: string): Promise<Uint8Array | null>;
  close(): void;
}

/**
 * The git the CLI reviews with (adapters/git-cli.ts runs the `git` executable): what
 * review/collect/ needs to collect a local range, the index or a commit.
 */
export interface GitPort {
  /** Runs `git args` in `cwd`; resolves to its stdout, rejects when git fails. */
  run(cwd: string, args: string[]): Promise<string>;
  /** A blob reader on the repository at `cwd`. */
  blobReader(cwd: string): GitBlobReader;
}
