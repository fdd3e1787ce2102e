import nock from 'nock';
import { createTestApp } from '../helpers/test-app.js';
import { githubWire, API, type WireFile } from '../helpers/github-wire.js';
import { examplePayload } from '../helpers/payloads.js';
import { makePatch } from '../helpers/change-set.js';
import { sleepAnalyzer } from '../helpers/sleep-analyzer.js';
import { MAIN, mainFile } from './pr-fixtures.js';



function opened(overrides: Record<string, any> = {}) {
  const payload = examplePayload('pull_request', 'opened', 1);
  Object.assign(payload.pull_request, overrides);
  return payload;
}

const createAnalyzers = async () => [sleepAnalyzer];

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('pull_request webhooks', () => {
  it('posts one COMMENT review with inline comments and one summary, with exact bodies', async () => {
    const wire = githubWire({ owner: 'Codertocat', repo: 'Hello-World', number: 2, files: [mainFile(), { filename: 'README.md', status: 'modified', patch: '@@ -1 +1 @@\n-a\n+b' }] });
    const app = await createTestApp({ createAnalyzers });
    await app.receive('pull_request', opened());

    const reviews = wire.reviews();
    expect(reviews).toHaveLength(1);
    const review = reviews[0].body;
    expect(review.event).toBe('COMMENT');
    expect(review.commit_id).toBe('ec26c3e57ca3a959ca5aad62de7213c562f8c821');
    expect(review.body).toBe(
      '**backend-agent** left 2 comments on this push, 2 of them high severity. The summary comment has the counts and a fix plan.\n\n<!-- backend-agent:review ec26c3e57ca3a959ca5aad62de7213c562f8c821 -->',
    );
    expect(review.comments.map((c: any) => [c.path, c.line, c.side])).toEqual([
      ['app/main.py', 9, 'RIGHT'],
      ['app/main.py', 15, 'RIGHT'],
    ]);
    expect(review.comments[0].body).toMatch(
      /^\*\*🔴 High · async\*\* · `async-blocking-sleep`\n\n\*\*Blocking sleep inside async def\*\*\n\n`time\.sleep\(\)` blocks the event loop; every other request waits\. Use `await asyncio\.sleep\(\)`\.\n\n```suggestion\n    await asyncio\.sleep\(1\)\n```\n\n<!-- backend-agent:fingerprint [0-9a-f]{16} -->$/,
    );

    const summaries = wire.summaries();
    expect(summaries).toHaveLength(1);
    const summary: string = summaries[0].body;
    expect(summary.split('\n\n').slice(0, 5)).toEqual([
      '<!-- backend-agent:summary -->',
      '## backend-agent review',
      'Reviewed `ec26c3e` (1 backend file of 2 changed files): **2 findings** (2 high); 2 new inline comments.',
      '| category | high | medium | low |\n|---|---:|---:|---:|\n| async | 2 | · | · |',
      '### Fix plan',
    ]);
    expect(summary).toContain('1. **high · async**: Blocking sleep inside async def (`app/main.py:9`, `app/main.py:15`).');
    expect(summary).toContain('✓ **static** (static,');
    expect(summary).toContain('– **AI review** off: set ANTHROPIC_API_KEY');
    expect(summary).toMatch(/<!-- backend-agent:state \{"v":1,"sha":"ec26c3e57ca3a959ca5aad62de7213c562f8c821","open":\[/);

    expect(wire.state.checkRuns).toHaveLength(1);
    expect(wire.state.checkRuns[0]).toMatchObject({ name: 'backend-agent', status: 'completed', conclusion: 'neutral', head_sha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821' });
    expect(wire.state.checkRuns[0].output.annotations).toHaveLength(2);
    // The README is not backend code: never fetched.
    expect(wire.requests.some((r) => r.includes('README'))).toBe(false);
  });

  it('reviews a head commit once, whatever the redeliveries and duplicate events', async () => {
    const wire = githubWire({ owner: 'Codertocat', repo: 'Hello-World', number: 2, files: [mainFile()] });
    const app = await createTestApp({ createAnalyzers });
    const payload = opened();
    await Promise.all([app.receive('pull_request', payload, 'delivery-1'), app.receive('pull_request', payload, 'delivery-1')]);
    await app.receive('pull_request', { ...payload, action: 'reopened' }, 'delivery-2');
    expect(wire.reviews()).toHaveLength(1);
    expect(wire.summaries()).toHaveLength(1);

    // A fresh process (no memory) sees the summary's state and does not review the same head again.
    const restarted = await createTestApp({ createAnalyzers });
    await restarted.receive('pull_request', payload, 'delivery-1');
    expect(wire.reviews()).toHaveLength(1);
    expect(wire.writes.filter((w) => w.method === 'PATCH')).toHaveLength(0);
  });

  it('skips a draft, then reviews the same head once it is ready for review', async () => {
    const wire = githubWire({ owner: 'Codertocat', repo: 'Hello-World', number: 2, files: [mainFile()] });
    const app = await createTestApp({ createAnalyzers });
    await app.receive('pull_request', opened({ draft: true }));
    expect(wire.writes).toHaveLength(0);
    const ready = examplePayload('pull_request', 'ready_for_review');
    Object.assign(ready.pull_request, { head: { ...ready.pull_request.head, sha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821' }, number: 2, draft: false });
    ready.number = 2;
    await app.receive('pull_request', ready);
    expect(wire.reviews()).toHaveLength(1);
  });

  it('posts nothing for a closed pull request or one without backend files', async () => {
    const wire = githubWire({ owner: 'Codertocat', repo: 'Hello-World', number: 2, files: [{ filename: 'web/app.tsx', status: 'added', patch: '@@ -0,0 +1 @@\n+x', content: 'x' }] });
    const app = await createTestApp({ createAnalyzers });
    await app.receive('pull_request', opened());
    await app.receive('pull_request', opened({ state: 'closed' }), 'closed-1');
    expect(wire.writes).toHaveLength(0);
    expect(wire.requests.filter((r) => r.includes('/contents/web'))).toHaveLength(0);
  });

  it('moves a comment GitHub refuses (422) into the summary and still posts the review', async () => {
    const base = '/repos/Codertocat/Hello-World/pulls/2/reviews';
    const unprocessable = { message: 'Unprocessable Entity', errors: ['Pull request review thread line must be part of the diff'] };
    // The batched review is refused; the probes accept line 9 and refuse line 15.
    nock(API).post(base, (b) => b.event === 'COMMENT').reply(422, unprocessable);
    nock(API)
      .post(base, (b) => !b.event && b.comments[0].line === 9)
      .reply(200, { id: 77 })
      .delete(`${base}/77`)
      .reply(200, { id: 77 });
    nock(API).post(base, (b) => !b.event && b.comments[0].line === 15).reply(422, unprocessable);
    const wire = githubWire({ owner: 'Codertocat', repo: 'Hello-World', number: 2, files: [mainFile()] });
    const app = await createTestApp({ createAnalyzers });
    await app.receive('pull_request', opened());
    const reviews = wire.reviews();
    expect(reviews).toHaveLength(1);
    expect(reviews[0].body.comments.map((c: any) => c.line)).toEqual([9]);
    const summary = wire.summaries()[0].body;
    expect(summary).toContain('### Refused by GitHub as inline comments (1)');
    expect(summary).toContain('- `app/main.py:15` **high · async** `async-blocking-sleep`');
  });

  it('posts the summary alone when GitHub refuses the review for good (403), and the check run says so', async () => {
    nock(API).post('/repos/Codertocat/Hello-World/pulls/2/reviews').reply(403, { message: 'Resource not accessible by integration' });
    const wire = githubWire({ owner: 'Codertocat', repo: 'Hello-World', number: 2, files: [mainFile()] });
    const app = await createTestApp({ createAnalyzers });
    await app.receive('pull_request', opened());
    expect(wire.reviews()).toHaveLength(0);
    expect(wire.summaries()[0].body).toContain('### Refused by GitHub as inline comments (2)');
    expect(wire.state.checkRuns[0].output.text).toContain('2 findings could not be posted as inline comments (listed in the summary)');
  });

  it('retries 5xx answers (Octokit retry plugin) and still posts one review', async () => {
    nock(API).get('/repos/Codertocat/Hello-World/pulls/2/files').query(true).times(2).reply(502, 'Bad Gateway');
    nock(API).post('/repos/Codertocat/Hello-World/pulls/2/reviews').reply(503, { message: 'unavailable' });
    const wire = githubWire({ owner: 'Codertocat', repo: 'Hello-World', number: 2, files: [mainFile()] });
    const app = await createTestApp({ createAnalyzers, retry: true });
    await app.receive('pull_request', opened());
    expect(wire.reviews()).toHaveLength(1);
    expect(wire.reviews()[0].body.comments).toHaveLength(2);
  });

  it('waits out a secondary rate limit (403 + retry-after) instead of losing the review', async () => {
    nock(API)
      .post('/repos/Codertocat/Hello-World/pulls/2/reviews')
      .reply(403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { 'retry-after': '0' });
    const wire = githubWire({ owner: 'Codertocat', repo: 'Hello-World', number: 2, files: [mainFile()] });
    const app = await createTestApp({ createAnalyzers });
    await app.receive('pull_request', opened());
    expect(wire.reviews()).toHaveLength(1);
  });

  it('lists 250 files over three pages and fetches only the backend ones', async () => {
    const files: WireFile[] = Array.from({ length: 249 }, (_, i) => ({ filename: `docs/page-${i}.md`, status: 'added', patch: '@@ -0,0 +1 @@\n+x' }));
    files.push(mainFile());
    const wire = githubWire({ owner: 'Codertocat', repo: 'Hello-World', number: 2, files });
    const app = await createTestApp({ createAnalyzers });
    await app.receive('pull_request', opened());
    expect(wire.requests.filter((r) => r.endsWith('/pulls/2/files'))).toHaveLength(3);
    expect(wire.requests.filter((r) => r.includes('/contents/') && !r.includes('backend-agent.yml'))).toEqual(['GET /repos/Codertocat/Hello-World/contents/app%2Fmain.py']);
    expect(wire.summaries()[0].body).toContain('(1 backend file of 250 changed files)');
  });

  it('handles deleted, renamed and binary files, recording why files were skipped', async () => {
    const renamedBody = MAIN.replace('/slower', '/slowest');
    const files: WireFile[] = [
      { filename: 'app/old.py', status: 'removed', patch: '@@ -1,2 +0,0 @@\n-from fastapi import FastAPI\n-app = FastAPI()' },
      { filename: 'app/routes.py', previous_filename: 'app/main.py', status: 'renamed', patch: makePatch(MAIN, renamedBody), content: renamedBody },
      { filename: 'app/model.py', status: 'added', content: Buffer.from([0x70, 0x00, 0x01]), patch: '@@ -0,0 +1 @@\n+p' },
      { filename: 'supabase/migrations/seed.sql', status: 'added' },
    ];
    const wire = githubWire({ owner: 'Codertocat', repo: 'Hello-World', number: 2, files });
    const app = await createTestApp({ createAnalyzers });
    await app.receive('pull_request', opened());
    const summary = wire.summaries()[0].body;
    // The renamed file's only change is on line 14: the unchanged sleeps are not reported.
    expect(wire.reviews()).toHaveLength(0);
    expect(summary).toContain('- `app/model.py`: binary file');
    expect(summary).toContain('- `supabase/migrations/seed.sql`: GitHub sent no diff for this file (too large to diff)');
    expect(wire.requests.some((r) => r.includes('app%2Fold.py'))).toBe(false);
  });

  it('checks the payload in the handler too (apps loaded by `probot run`): a 400 error without the payload, and no GitHub call', async () => {
    const wire = githubWire({ owner: 'Codertocat', repo: 'Hello-World', number: 2, files: [mainFile()] });
    const app = await createTestApp({ createAnalyzers });
    const payload = { ...opened(), pull_request: { ...opened().pull_request, head: null } };
    const error: any = await app.probot.receive({ id: 'bad-1', name: 'pull_request', payload } as any).catch((e) => e);
    expect(error.errors[0]).toMatchObject({ status: 400, message: expect.stringMatching(/^invalid pull_request payload: pull_request\.head: /) });
    expect(Object.keys(error.errors[0])).not.toContain('event');
    expect(error.errors[0].event).toBeUndefined();
    await app.agent.idle();
    expect(wire.requests).toEqual([]);
  });
});
