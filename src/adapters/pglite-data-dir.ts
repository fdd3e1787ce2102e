import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where an embedded PostgreSQL keeps its data directory: on disk, one folder per worker start (the
 * template unpacked), in a private temporary folder of the server's (0700, from mkdtemp). A
 * worker's folder is removed when the worker is gone, the server's when it closes, and whatever is
 * left when the process exits.
 */
export interface DataDirs {
  /** A new, empty folder for one worker. */
  next(): string;
  remove(dir: string): void;
  removeAll(): void;
}

const leftAtExit = new Set<string>();
let exitHooked = false;

export function createDataDirs(): DataDirs {
  let root: string | undefined;
  let count = 0;
  return {
    next() {
      if (!root) {
        root = mkdtempSync(join(tmpdir(), 'backend-agent-pglite-data-'));
        leftAtExit.add(root);
        if (!exitHooked) {
          exitHooked = true;
          process.once('exit', () => leftAtExit.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
        }
      }
      const dir = join(root, `run-${++count}`);
      mkdirSync(dir, { mode: 0o700 });
      return dir;
    },
    remove(dir) {
      rmSync(dir, { recursive: true, force: true });
    },
    removeAll() {
      if (!root) return;
      rmSync(root, { recursive: true, force: true });
      leftAtExit.delete(root);
      root = undefined;
    },
  };
}
