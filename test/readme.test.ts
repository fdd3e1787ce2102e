import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runDemo } from '../src/app/cli/run-demo.js';
import { maskDurations, quoteDemoOutput, readReadmeExample, replaceReadmeExample } from '../src/app/cli/readme-example.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

describe("the README's example review", () => {
  // The demo runs the live database stage (the migrations replayed into PostgreSQL), as `npm run demo` does.
  it('equals what `npm run demo` prints (run `npm run readme` when this fails)', async () => {
    let stdout = '';
    const code = await runDemo(`${ROOT}examples/demo`, [], { env: {}, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true } });
    expect(code).toBe(0);
    expect(stdout).toContain('# Summary comment');
    const example = readReadmeExample(readFileSync(`${ROOT}README.md`, 'utf8'));
    expect(example).not.toBeNull();
    expect(maskDurations(example!)).toBe(maskDurations(quoteDemoOutput(stdout)));
  }, 180_000);

  it('is told apart from a stale one, and rewritten in place', () => {
    const readme = `intro\n\n${'<!-- demo-output:start: written by `npm run readme` from `npm run demo`, do not edit -->'}\n> old\n<!-- demo-output:end -->\n\nrest\n`;
    const updated = replaceReadmeExample(readme, '# Review\n\nnew (static, 12 ms)\n');
    expect(updated).toBe(`intro\n\n${'<!-- demo-output:start: written by `npm run readme` from `npm run demo`, do not edit -->'}\n> # Review\n>\n> new (static, 12 ms)\n<!-- demo-output:end -->\n\nrest\n`);
    expect(maskDurations(readReadmeExample(updated)!)).toBe(maskDurations(quoteDemoOutput('# Review\n\nnew (static, 345 ms)\n')));
    expect(maskDurations(readReadmeExample(updated)!)).not.toBe(maskDurations(quoteDemoOutput('# Review\n\nnew (static, 12 ms) and more\n')));
    expect(maskDurations('live-db (live, 10702 ms)')).toBe(maskDurations('live-db (live, 16131 ms)'));
  });
});
