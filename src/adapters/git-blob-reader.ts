import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/**
 * Reads many blobs through one `git cat-file --batch` process instead of one `git show` per
 * file: a review reads dozens of files (imports, every migration), and spawning git for each
 * costs more than the analysis. Requests are answered in order; close() ends the process.
 */
export function createGitBlobReader(cwd: string): { read(spec: string): Promise<Buffer | null>; close(): void } {
  let child: ChildProcessWithoutNullStreams | undefined;
  let buffer: Buffer = Buffer.alloc(0);
  const waiting: { resolve(b: Buffer | null): void; reject(e: Error): void }[] = [];

  const drain = () => {
    while (waiting.length) {
      const newline = buffer.indexOf(10);
      if (newline < 0) return;
      const header = buffer.subarray(0, newline).toString('utf8');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        buffer = buffer.subarray(newline + 1);
        waiting.shift()!.resolve(null);
        continue;
      }
      const size = Number(header.split(' ')[2]);
      if (buffer.length < newline + 1 + size + 1) return;
      const body = Buffer.from(buffer.subarray(newline + 1, newline + 1 + size));
      buffer = buffer.subarray(newline + 1 + size + 1);
      waiting.shift()!.resolve(header.split(' ')[1] === 'blob' ? body : null);
    }
  };

  const start = () => {
    const proc = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    proc.stdout.on('data', (chunk: Buffer) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      drain();
    });
    const fail = (err: Error) => {
      for (const w of waiting.splice(0)) w.reject(err);
      child = undefined;
    };
    proc.on('error', fail);
    proc.on('exit', (code) => {
      if (waiting.length) fail(new Error(`git cat-file exited with ${code}`));
      child = undefined;
    });
    // The process must not keep the CLI alive once the review is printed.
    proc.unref();
    (proc.stdout as unknown as { unref?: () => void }).unref?.();
    (proc.stdin as unknown as { unref?: () => void }).unref?.();
    return proc;
  };

  return {
    read(spec) {
      // A path with a newline cannot be asked for on this protocol.
      if (spec.includes('\n')) return Promise.resolve(null);
      child ??= start();
      const answer = new Promise<Buffer | null>((resolve, reject) => waiting.push({ resolve, reject }));
      child.stdin.write(`${spec}\n`);
      return answer;
    },
    close() {
      child?.stdin.end();
      child = undefined;
    },
  };
}
