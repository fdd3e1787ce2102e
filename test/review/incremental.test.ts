import nock from 'nock';
import { createTestApp } from '../helpers/test-app.js';
import { githubWire, type WireFile } from '../helpers/github-wire.js';
import { examplePayload } from '../helpers/payloads.js';
import { makePatch } from '../helpers/change-set.js';
import { sleepAnalyzer } from '../helpers/sleep-analyzer.js';

const route = (name: string, seconds: number) => `\n\n@app.get("/${name}")\nasync def ${name}():\n    time.sleep(${seconds})\n    return {"ok": True}\n`;
const header = 'import time\nfrom fastapi import FastAPI\n\napp = FastAPI()\n';
const filler = Array.from({ length: 10 }, (_, i) => `# note ${i}`).join('\n');

const PUSH1 = header + route('one', 1) + route('two', 2) + route('three', 3);
const PUSH2 = header + route('one', 1) + route('two', 2) + `\n${filler}\n` + route('three', 3) + route('four', 4);
const PUSH3 = header + route('one', 1) + `\n${filler}\n` + route('three', 3) + route('four', 4);
const SHAS = ['1'.repeat(40), '2'.repeat(40), '3'.repeat(40)];

const file = (content: string): WireFile => ({ filename: 'app/main.py', status: 'added', patch: makePatch('', content), content });

function event(action: 'opened' | 'synchronize', sha: string, before?: string) {
  const payload = examplePayload('pull_request', action === 'opened' ? 'opened' : 'synchronize');
  Object.assign(payload, { number: 2, ...(before ? { before, after: sha } : {}) });
  Object.assign(payload.pull_request, { number: 2, draft: false, state: 'open', head: { ...payload.pull_request.head, sha } });
  payload.repository = examplePayload('pull_request', 'opened', 1).repository;
  return payload;
}

const createAnalyzers = async () => [sleepAnalyzer];

afterEach(() => nock.cleanAll());

describe('quiet, incremental reviews over three pushes', () => {
  it('comments once per finding, follows moved code, and reports fixes in the same summary', async () => {
    const opts = {
      owner: 'Codertocat',
      repo: 'Hello-World',
      number: 2,
      files: [file(PUSH1)],
      compare: {
        [`${SHAS[0]}...${SHAS[1]}`]: { status: 'ahead', files: [{ filename: 'app/main.py', status: 'modified', patch: makePatch(PUSH1, PUSH2) }] },
        [`${SHAS[1]}...${SHAS[2]}`]: { status: 'ahead', files: [{ filename: 'app/main.py', status: 'modified', patch: makePatch(PUSH2, PUSH3) }] },
      },
    };
    const wire = githubWire(opts);
    const app = await createTestApp({ createAnalyzers });

    await app.receive('pull_request', event('opened', SHAS[0]));
    expect(wire.reviews().map((r) => r.body.comments.map((c: any) => c.line))).toEqual([[9, 15, 21]]);

    opts.files = [file(PUSH2)];
    await app.receive('pull_request', event('synchronize', SHAS[1], SHAS[0]));
    const second = wire.reviews()[1].body;
    expect(second.commit_id).toBe(SHAS[1]);
    expect(second.comments.map((c: any) => [c.line, c.body.includes('asyncio.sleep(4)')])).toEqual([[38, true]]);
    let summaries = wire.summaries();
    expect(summaries).toHaveLength(1);
    expect(summaries[0].body).toContain('**4 findings** (4 high); 1 new inline comment.');
    expect(summaries[0].body).toContain(`changes since \`${SHAS[0].slice(0, 7)}\``);

    opts.files = [file(PUSH3)];
    await app.receive('pull_request', event('synchronize', SHAS[2], SHAS[1]));
    expect(wire.reviews()).toHaveLength(2);
    summaries = wire.summaries();
    expect(summaries).toHaveLength(1);
    expect(summaries[0].body).toContain('**3 findings** (3 high).');
    expect(summaries[0].body).toContain('### Fixed since the last review (1)\n\n- ✅ `app/main.py` `async-blocking-sleep`: Blocking sleep inside async def');
    // The summary was edited in place on each push, never re-created.
    expect(wire.writes.filter((w) => w.method === 'POST' && w.path.endsWith('/issues/2/comments'))).toHaveLength(1);
    expect(wire.writes.filter((w) => w.method === 'PATCH' && w.path.includes('/issues/comments/'))).toHaveLength(2);
  });

  it('reviews the whole PR again after a force-push, without repeating a comment', async () => {
    const rewritten = PUSH1.replace('time.sleep(3)', 'time.sleep(30)');
    const opts = { owner: 'Codertocat', repo: 'Hello-World', number: 2, files: [file(PUSH1)], compare: { [`${SHAS[0]}...${SHAS[1]}`]: { status: 'diverged', files: [] } } };
    const wire = githubWire(opts);
    const app = await createTestApp({ createAnalyzers });
    await app.receive('pull_request', event('opened', SHAS[0]));
    opts.files = [file(rewritten)];
    await app.receive('pull_request', event('synchronize', SHAS[1], SHAS[0]));
    const reviews = wire.reviews();
    expect(reviews).toHaveLength(2);
    expect(reviews[1].body.comments.map((c: any) => c.line)).toEqual([21]);
    expect(wire.summaries()[0].body).not.toContain('changes since');
  });
});
