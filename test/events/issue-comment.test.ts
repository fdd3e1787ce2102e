import nock from 'nock';
import { createTestApp } from '../helpers/test-app.js';
import { githubWire, API } from '../helpers/github-wire.js';
import { makePatch } from '../helpers/change-set.js';
import { sleepAnalyzer } from '../helpers/sleep-analyzer.js';
import { BASE, HEAD, ISSUE_TITLE, OWNER, PLAN_INPUT, REPO, REPO_FILES, TREE, commentPayload, llmEnv, useWireAndModel } from './command-fixtures.js';

const MAIN = 'import time\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/slow")\nasync def slow():\n    time.sleep(1)\n    return {"ok": True}\n';
const prFiles = () => [{ filename: 'app/main.py', status: 'added', patch: makePatch('', MAIN), content: MAIN }];
const createAnalyzers = async () => [sleepAnalyzer];

function wire(extra: Partial<Parameters<typeof githubWire>[0]> = {}) {
  return githubWire({ owner: OWNER, repo: REPO, number: 1, files: prFiles(), tree: TREE, extra: REPO_FILES, pull: { title: 'Add a slow route', body: 'Adds /slow.', headSha: HEAD, baseSha: BASE }, ...extra });
}
const replies = (w: ReturnType<typeof wire>) => w.posted().filter((b) => b.includes('<!-- backend-agent:reply-to '));
const reactions = (w: ReturnType<typeof wire>) => w.state.reactions.map((r) => `${r.commentId}:${r.content}`);

const llm = useWireAndModel();

describe('/backend-agent plan', () => {
  it('on an issue: reacts 👀, plans from the issue text and the repository, and checks the paths and routes the model names', async () => {
    const w = wire();
    const app = await createTestApp({ env: llmEnv(llm.fake), createAnalyzers });
    await app.receive('issue_comment', commentPayload({ on: 'issue', body: 'Thanks!\n\n/backend-agent plan keep it small' }));

    expect(reactions(w)).toEqual(['492700400:eyes']);
    const [reply] = replies(w);
    expect(replies(w)).toHaveLength(1);
    expect(reply.split('\n\n').slice(0, 3)).toEqual(['## Plan for this issue', '### What I understood', PLAN_INPUT.understood]);
    for (const heading of ['### Clarifying questions', '### Plan', '### Migration', '### API contract', '### Tests', '### Risks and rollout', '### What I looked at']) expect(reply).toContain(heading);
    expect(reply).toContain('1. Can a cancelled lesson be restored when the school reopens?');
    expect(reply).toContain('**Files**: `supabase/migrations/20250301000000_lesson_cancellations.sql` (new), `app/models/cancellation.py` (not in the repository)');
    expect(reply).toContain('**Files**: `app/routers/lessons.py`\n');
    expect(reply).toContain('- `POST /schools/{school_id}/lessons/cancel` (new) · request `LessonCancellation` · response `LessonBulkResult` · 200 cancelled; 403 not staff of this school');
    expect(reply).not.toContain('AI planning');
    expect(reply).toMatch(/<sub>In reply to \[this comment\]\(https:\/\/github\.com\/Codertocat\/Hello-World\/issues\/1#issuecomment-492700400\)\.<\/sub>\n\n<!-- backend-agent:reply-to 492700400 -->$/);

    // The reaction comes before the model is asked, and the reply after.
    const order = w.requests.filter((r) => /reactions|\/issues\/1\/comments$/.test(r));
    expect(order).toEqual(['POST /repos/Codertocat/Hello-World/issues/comments/492700400/reactions', 'GET /repos/Codertocat/Hello-World/issues/1/comments', 'POST /repos/Codertocat/Hello-World/issues/1/comments']);
    expect(w.requests).toContain('GET /repos/Codertocat/Hello-World/git/trees/master');

    expect(llm.fake.requests).toHaveLength(1);
    const request = llm.fake.requests[0].body;
    expect(request.tool_choice).toMatchObject({ type: 'tool', name: 'submit_plan' });
    expect(request.system[1].text).toContain('# Planning a change');
    const user: string = request.messages[0].content;
    const boundary = /^Boundary (\S+);/.exec(user)![1];
    // The wire serves the pull request's app/main.py for every ref: its /slow route is the fifth.
    expect(user.split('\n')[0]).toBe(`Boundary ${boundary}; subject: issue #1; triage: type feature, areas none; repository: 6 tables, 5 routes, 4 models read at master; tree: 20 of 21 paths shown.`);
    expect(user).toContain(`<<<BEGIN ${boundary} request>>>\n# ${ISSUE_TITLE}\n\nLet schools cancel`);
    expect(user).toContain(`<<<BEGIN ${boundary} comment>>>\nkeep it small\n<<<END ${boundary}>>>`);
    expect(user).toContain('app/routers/lessons.py\napp/routers/schools.py');
    expect(user).not.toContain('node_modules');
    expect(llm.fake.requests[0].raw).not.toContain('sk-ant-test-secret-key');
  });

  it('on a pull request: the findings in fix order with their concrete change, then the tests the pull request is missing', async () => {
    const open = [{ fp: 'aaaaaaaaaaaaaaaa', rule: 'ai-security', path: 'app/main.py', title: 'No auth on /slow', severity: 'medium', category: 'security' }];
    const summary = { id: 5, body: `<!-- backend-agent:summary -->\n<!-- backend-agent:state ${JSON.stringify({ v: 1, sha: BASE, open })} -->`, user: { login: 'backend-agent[bot]', type: 'Bot' } };
    const w = wire({ issueComments: [summary] });
    const app = await createTestApp({ env: {}, createAnalyzers });
    await app.receive('issue_comment', commentPayload({ on: 'pr', body: '/backend-agent plan', association: 'MEMBER' }));

    const [reply] = replies(w);
    expect(reply.startsWith('## Plan for this pull request\n\n> AI planning is off')).toBe(true);
    expect(reply).toContain('This pull request changes 1 backend file; the review has 1 open finding and 1 finding left open by the last review. It adds or changes `GET /slow`.');
    expect(reply).toContain('1. **Fix `async-blocking-sleep` at `app/main.py:9` (high)**\n   Blocking sleep inside async def. `time.sleep()` blocks the event loop');
    expect(reply).toContain("   The review's suggested change for line 9:\n\n   ```python\n       await asyncio.sleep(1)\n   ```");
    expect(reply).toContain('2. **Re-check `ai-security` in `app/main.py` (medium, open since f95f852)**');
    expect(reply).toContain('3. **Test `GET /slow`**\n   No test module requests this route (1 test module searched).');
    expect(reply).toContain('<details><summary><code>tests/test_main.py</code> (new): 1 test</summary>');
    expect(reply).toContain('def test_slow_works_for_the_caller(client):\n    """The happy path of GET /slow."""\n    response = client.get("/slow")');
    expect(w.requests).toEqual(expect.arrayContaining(['GET /repos/Codertocat/Hello-World/pulls/1', 'GET /repos/Codertocat/Hello-World/pulls/1/files', `GET /repos/Codertocat/Hello-World/git/trees/${HEAD}`]));
    // A plan posts no review.
    expect(w.reviews()).toHaveLength(0);
  });

  it('on a pull request with a key: the model sees the diff, the findings and the untested routes; the findings still come first, in the review\'s order', async () => {
    const w = wire();
    const app = await createTestApp({ env: llmEnv(llm.fake), createAnalyzers });
    await app.receive('issue_comment', commentPayload({ on: 'pr', body: '/backend-agent plan', association: 'MEMBER' }));
    const user: string = llm.fake.requests[0].body.messages[0].content;
    expect(user).toMatch(/^Boundary \S+; subject: pull request #1; triage: type performance, areas api, async, performance; repository: the pull request head; tree: 20 of 21 paths shown\.$/m);
    expect(user).toContain('--- app/main.py (added)\n@@ -0,0 +1,10 @@\n 1 +import time');
    expect(user).toMatch(/findings>>>\n- app\/main\.py:9 \[async, high\] async-blocking-sleep: Blocking sleep inside async def\./);
    expect(user).toMatch(/work>>>\nroute GET \/slow -> slow \(app\/main\.py:7\); depends on nothing; NOT authenticated; NO test requests it/);
    const [reply] = replies(w);
    expect(reply.indexOf('**Fix `async-blocking-sleep` at `app/main.py:9` (high)**')).toBeLessThan(reply.indexOf('**Record cancellations on public.lessons**'));
  });

  it('without an API key on an issue: the deterministic plan from the repository, saying AI planning is off', async () => {
    const w = wire();
    const app = await createTestApp({ env: {}, createAnalyzers });
    await app.receive('issue_comment', commentPayload({ on: 'issue', body: '/backend-agent plan' }));
    const [reply] = replies(w);
    expect(reply.split('\n\n').slice(0, 3)).toEqual(['## Plan for this issue', "> AI planning is off: set ANTHROPIC_API_KEY. This is the deterministic plan, built from the repository's schema and routes.", '### What I understood']);
    expect(reply).toContain('- `POST /schools/{school_id}/lessons/cancel` (new)');
    expect(reply).toContain('**Files**: `supabase/migrations/YYYYMMDDHHMMSS_lessons_cancelled.sql` (new)');
    expect(llm.fake.requests).toHaveLength(0);
  });

  it('when the model fails: an honest note and the deterministic plan', async () => {
    await llm.replace({ kind: 'error', status: 529, type: 'overloaded_error' });
    const w = wire();
    const app = await createTestApp({ env: llmEnv(llm.fake), createAnalyzers });
    await app.receive('issue_comment', commentPayload({ on: 'issue', body: '/backend-agent plan' }));
    const [reply] = replies(w);
    expect(reply).toContain('> AI planning unavailable: overloaded — the plan below is the deterministic one; try again with `/backend-agent plan`.');
    expect(reply).toContain('### Plan\n\n1. **Record the cancelled state on `public.lessons`**');
    expect(llm.fake.requests).toHaveLength(1);
  });

  it('when GitHub fails during the work: a short reply that says what went wrong and what to do', async () => {
    nock(API).get('/repos/Codertocat/Hello-World/pulls/1').reply(500, { message: 'Server Error' });
    const w = wire();
    const app = await createTestApp({ env: llmEnv(llm.fake), createAnalyzers });
    await app.receive('issue_comment', commentPayload({ on: 'pr', body: '/backend-agent plan' }));
    const [reply] = replies(w);
    expect(reply).toMatch(/^`\/backend-agent plan` failed: get pull request failed: Server Error\. This is usually temporary: try again in a few minutes; if it keeps failing, the app log has the details\. Retry with `\/backend-agent plan`\./);
    expect(llm.fake.requests).toHaveLength(0);
  });
});

describe('/backend-agent review', () => {
  it('on a pull request: a fresh full review even when this head was reviewed, then a short reply', async () => {
    const reviewed = { id: 5, body: `<!-- backend-agent:summary -->\nold\n<!-- backend-agent:state {"v":1,"sha":"${HEAD}","open":[]} -->`, user: { login: 'backend-agent[bot]', type: 'Bot' } };
    const w = wire({ issueComments: [reviewed] });
    const app = await createTestApp({ createAnalyzers });
    await app.receive('issue_comment', commentPayload({ on: 'pr', body: '/backend-agent REVIEW' }));
    expect(w.reviews()).toHaveLength(1);
    expect(w.reviews()[0].body.comments.map((c: any) => c.line)).toEqual([9]);
    expect(w.writes.filter((x) => x.method === 'PATCH').map((x) => x.path)).toEqual(['/repos/Codertocat/Hello-World/issues/comments/5']);
    const [reply] = replies(w);
    expect(reply.split('\n\n')[0]).toBe('Review posted on `ec26c3e`: 1 new comment, [summary](https://github.com/Codertocat/Hello-World/pull/1#issuecomment-5) updated.');

    // Asked again: the review runs again, but the inline comment is not repeated.
    await app.receive('issue_comment', commentPayload({ on: 'pr', body: '/backend-agent review', id: 777 }));
    expect(w.reviews()).toHaveLength(1);
    expect(replies(w)[1].split('\n\n')[0]).toBe('Review posted on `ec26c3e`: no new inline comments, [summary](https://github.com/Codertocat/Hello-World/pull/1#issuecomment-5) updated.');
  });

  it('on an issue: explains that it needs a pull request', async () => {
    const w = wire();
    const app = await createTestApp({ env: llmEnv(llm.fake), createAnalyzers });
    await app.receive('issue_comment', commentPayload({ on: 'issue', body: '/backend-agent review' }));
    expect(replies(w)[0].split('\n\n')[0]).toBe('`/backend-agent review` reviews a pull request, and this is an issue. Comment it on a pull request, or ask here for `/backend-agent plan`.');
    expect(w.reviews()).toHaveLength(0);
    expect(llm.fake.requests).toHaveLength(0);
  });
});

describe('/backend-agent help', () => {
  it.each(['issue', 'pr'] as const)('on an %s: lists the commands and the config file with an example', async (on) => {
    const w = wire();
    const app = await createTestApp({ createAnalyzers });
    await app.receive('issue_comment', commentPayload({ on, body: '/backend-agent help' }));
    const [reply] = replies(w);
    expect(reply.split('\n\n').slice(0, 2)).toEqual(['### backend-agent commands', 'Write the command at the start of a line of a comment on a pull request or an issue (not in a quote or a code block).']);
    expect(reply).toContain('| `/backend-agent plan [what to focus on]` |');
    expect(reply).toContain('| `/backend-agent review` |');
    expect(reply).toContain('| `/backend-agent help` |');
    expect(reply).toContain('### Configuration\n\n`.github/backend-agent.yml` on the default branch');
    expect(reply).toContain('```yaml\n# .github/backend-agent.yml, read from the default branch\nauto_review: true');
  });

  it('answers an unknown verb with help', async () => {
    const w = wire();
    const app = await createTestApp({ createAnalyzers });
    await app.receive('issue_comment', commentPayload({ on: 'issue', body: '/backend-agent deploy <b>now</b>' }));
    expect(replies(w)[0].split('\n\n').slice(0, 2)).toEqual(['`deploy` is not a command I know. Here is what I can do.', '### backend-agent commands']);
  });
});

describe('who may run commands', () => {
  it('runs for an OWNER without asking GitHub for the permission', async () => {
    const w = wire();
    const app = await createTestApp({ createAnalyzers });
    await app.receive('issue_comment', commentPayload({ on: 'issue', body: '/backend-agent help', association: 'OWNER' }));
    expect(replies(w)).toHaveLength(1);
    expect(w.requests.some((r) => r.includes('/permission'))).toBe(false);
  });

  it.each(['NONE', 'CONTRIBUTOR'])('ignores %s without write access: no reaction, no reply, no LLM call', async (association) => {
    const w = wire();
    const app = await createTestApp({ env: llmEnv(llm.fake), createAnalyzers });
    await app.receive('issue_comment', commentPayload({ on: 'issue', body: '/backend-agent plan', association, login: 'stranger' }));
    expect(w.requests).toContain('GET /repos/Codertocat/Hello-World/collaborators/stranger/permission');
    expect(w.writes).toHaveLength(0);
    expect(w.state.reactions).toHaveLength(0);
    expect(llm.fake.requests).toHaveLength(0);
  });

  it('runs for a CONTRIBUTOR whom GitHub confirms has write access', async () => {
    const w = wire({ permissions: { 'team-dev': 'maintain' } });
    const app = await createTestApp({ createAnalyzers });
    await app.receive('issue_comment', commentPayload({ on: 'issue', body: '/backend-agent help', association: 'CONTRIBUTOR', login: 'team-dev' }));
    expect(replies(w)).toHaveLength(1);
  });

  it('follows commands.allowed_associations from the repository config', async () => {
    const w = wire({ config: 'commands:\n  allowed_associations: [OWNER]\n' });
    const app = await createTestApp({ createAnalyzers });
    await app.receive('issue_comment', commentPayload({ on: 'issue', body: '/backend-agent help', association: 'MEMBER', login: 'reader' }));
    expect(w.writes).toHaveLength(0);
  });

  it('never answers a bot, the app itself included: no GitHub call at all', async () => {
    const w = wire();
    const app = await createTestApp({ env: llmEnv(llm.fake), createAnalyzers });
    await app.receive('issue_comment', commentPayload({ on: 'issue', body: '/backend-agent plan', login: 'backend-agent[bot]', type: 'Bot' }));
    await app.receive('issue_comment', commentPayload({ on: 'issue', body: '/backend-agent plan', login: 'renovate[bot]', type: 'User', id: 778 }));
    expect(w.requests).toEqual([]);
    expect(llm.fake.requests).toHaveLength(0);
  });
});

describe('what is a command', () => {
  it.each([
    ['a quote', '> /backend-agent plan\n\nI disagree with the above.'],
    ['a fenced code block', 'Try:\n```\n/backend-agent plan\n```'],
    ['an indented code block', 'Try:\n\n    /backend-agent plan'],
    ['the middle of a sentence', 'Someone should run /backend-agent plan here.'],
  ])('ignores a command inside %s', async (_where, body) => {
    const w = wire();
    const app = await createTestApp({ env: llmEnv(llm.fake), createAnalyzers });
    await app.receive('issue_comment', commentPayload({ on: 'pr', body }));
    expect(w.requests).toEqual([]);
  });
});

describe('redelivery', () => {
  it('answers a comment once, whatever the redeliveries, also after a restart', async () => {
    const w = wire();
    const payload = commentPayload({ on: 'issue', body: '/backend-agent plan' });
    const app = await createTestApp({ env: llmEnv(llm.fake), createAnalyzers });
    await Promise.all([app.receive('issue_comment', payload, 'delivery-1'), app.receive('issue_comment', payload, 'delivery-1')]);
    await app.receive('issue_comment', payload, 'delivery-2');
    expect(replies(w)).toHaveLength(1);

    const restarted = await createTestApp({ env: llmEnv(llm.fake), createAnalyzers });
    await restarted.receive('issue_comment', payload, 'delivery-1');
    expect(replies(w)).toHaveLength(1);
    expect(llm.fake.requests).toHaveLength(1);
  });
});
