import nock from 'nock';
import { createTestApp } from '../helpers/test-app.js';
import { githubWire, type WireFile } from '../helpers/github-wire.js';
import { examplePayload } from '../helpers/payloads.js';
import { makePatch } from '../helpers/change-set.js';
import { sleepAnalyzer } from '../helpers/sleep-analyzer.js';

const SRC = 'import time\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/a")\nasync def a():\n    time.sleep(1)\n    time.sleep(2)\n    time.sleep(3)\n';
const files = (): WireFile[] => [
  { filename: 'app/main.py', status: 'added', patch: makePatch('', SRC), content: SRC },
  { filename: 'app/legacy/old.py', status: 'added', patch: makePatch('', SRC), content: SRC },
];
const createAnalyzers = async () => [sleepAnalyzer];

async function reviewWith(config: string) {
  nock.cleanAll();
  const wire = githubWire({ owner: 'Codertocat', repo: 'Hello-World', number: 2, files: files(), config });
  const app = await createTestApp({ createAnalyzers });
  await app.receive('pull_request', examplePayload('pull_request', 'opened', 1));
  return { wire, summary: wire.summaries()[0]?.body as string, review: wire.reviews()[0]?.body, check: wire.state.checkRuns[0] };
}

afterEach(() => nock.cleanAll());

describe('.github/backend-agent.yml, read from the default branch', () => {
  it('still reviews statically with the defaults when the YAML is broken, never on Claude, and shows the error', async () => {
    const { summary, review } = await reviewWith('paths: [unclosed\n');
    expect(review.comments).toHaveLength(6);
    expect(summary).toMatch(/### Configuration problems\n\n- \.github\/backend-agent\.yml is not valid YAML at line 2: .+\n\nThe review ran with the default settings, without the AI review/);
  });

  it('reports a wrong type and an unknown key, keeping the rest of the file', async () => {
    const { summary, review } = await reviewWith('max_inline_comments: lots\nauto_reveiw: true\npaths: { exclude: ["app/legacy/**"] }\n');
    expect(summary).toContain('- `max_inline_comments`: expected number, found "lots"');
    expect(summary).toContain('- unknown key `auto_reveiw` ignored');
    expect(summary).toContain('Invalid values fell back to their defaults and unknown keys were ignored; the rest of the file applies.');
    expect(review.comments.map((c: any) => c.path)).toEqual(['app/main.py', 'app/main.py', 'app/main.py']);
    expect(summary).toContain('- `app/legacy/old.py`: excluded by paths.exclude');
  });

  it('honours paths.include', async () => {
    const { review } = await reviewWith('paths: { include: ["app/legacy/**"] }\n');
    expect(new Set(review.comments.map((c: any) => c.path))).toEqual(new Set(['app/legacy/old.py']));
  });

  it('turns a rule off or changes its severity', async () => {
    const off = await reviewWith('rules: { async-blocking-sleep: off }\n');
    expect(off.review).toBeUndefined();
    expect(off.summary).toContain('no async, security, RLS or query problems found');
    const low = await reviewWith('rules: { async-blocking-sleep: low }\n');
    expect(low.review.comments[0].body).toContain('🟡 Low · async');
  });

  it('caps inline comments and lists the overflow in the summary, most severe first', async () => {
    const { review, summary } = await reviewWith('max_inline_comments: 2\n');
    expect(review.comments).toHaveLength(2);
    expect(summary).toContain('### Over the inline comment limit (4)');
  });

  it('concludes the check run as configured', async () => {
    expect((await reviewWith('')).check.conclusion).toBe('neutral');
    expect((await reviewWith('check_run: { fail_on: high }\n')).check.conclusion).toBe('failure');
    expect((await reviewWith('check_run: { enabled: false }\n')).check).toBeUndefined();
  });

  it('does nothing when disabled', async () => {
    const { wire } = await reviewWith('enabled: false\n');
    expect(wire.writes).toHaveLength(0);
  });
});
