import nock from 'nock';
import { createTestApp } from '../helpers/test-app.js';
import { githubWire, API } from '../helpers/github-wire.js';
import { examplePayload } from '../helpers/payloads.js';
import { sleepAnalyzer } from '../helpers/sleep-analyzer.js';
import { mainFile } from './pr-fixtures.js';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { llmEnv } from './command-fixtures.js';

// GitHub failing in the ways production sees: 5xx on one endpoint, a crash between two writes.
// Every test drives the real Probot app, Octokit and pipeline, with GitHub mocked at the wire.

const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const REPO = '/repos/Codertocat/Hello-World';
const opened = () => examplePayload('pull_request', 'opened', 1);
const wire = (extra: Partial<Parameters<typeof githubWire>[0]> = {}) => githubWire({ owner: 'Codertocat', repo: 'Hello-World', number: 2, files: [mainFile()], ...extra });
const createAnalyzers = async () => [sleepAnalyzer];

let fake: FakeAnthropic;
beforeEach(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  fake = await startFakeAnthropic({ kind: 'tool', input: { findings: [], summary: 'Looks fine.', plan: [] } });
});
afterEach(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await fake.close();
});

describe('a config that cannot be read is a failed job, never the defaults', () => {
  const OPT_OUT = 'enabled: false\nllm:\n  enabled: false\n';

  it('retries a 503 on the config read and then honours the opt-out: nothing posted, nothing sent to Claude', async () => {
    const fault = nock(API).get(`${REPO}/contents/.github%2Fbackend-agent.yml`).query(true).reply(503, { message: 'Service Unavailable' });
    const w = wire({ config: OPT_OUT });
    const app = await createTestApp({ env: llmEnv(fake) });
    await app.receive('pull_request', opened());
    expect(w.requests.filter((r) => r.includes('backend-agent.yml'))).toHaveLength(1); // the 503 was answered by the one-off mock
    expect(fault.isDone()).toBe(true);
    expect(w.writes).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  it('a config read that keeps failing leaves a neutral check run that says so, and no review', async () => {
    nock(API).get(`${REPO}/contents/.github%2Fbackend-agent.yml`).query(true).times(4).reply(502, { message: 'Bad Gateway' });
    const w = wire({ config: OPT_OUT });
    const app = await createTestApp({ env: llmEnv(fake) });
    await app.receive('pull_request', opened());
    expect(w.reviews()).toHaveLength(0);
    expect(w.summaries()).toHaveLength(0);
    expect(fake.requests).toHaveLength(0);
    expect(w.state.checkRuns).toHaveLength(1);
    expect(w.state.checkRuns[0]).toMatchObject({ head_sha: HEAD, conclusion: 'neutral', output: { title: 'Review failed' } });
    expect(w.state.checkRuns[0].output.summary).toMatch(/^backend-agent could not review `ec26c3e`: \.github\/backend-agent\.yml could not be read: .*It tried 4 times\./);
  });
});

describe('transient GitHub failures retry the job; only a 422 moves a comment to the summary', () => {
  it('4× 503 on POST review (Octokit retries included): the review lands with its inline comments, once', async () => {
    const fault = nock(API).post(`${REPO}/pulls/2/reviews`).times(4).reply(503, { message: 'Service Unavailable' });
    const w = wire();
    const app = await createTestApp({ createAnalyzers, retry: true });
    await app.receive('pull_request', opened());
    expect(fault.isDone()).toBe(true);
    expect(w.reviews()).toHaveLength(1);
    expect(w.reviews()[0].body.comments.map((c: any) => c.line)).toEqual([9, 15]);
    const summaries = w.summaries();
    expect(summaries).toHaveLength(1);
    expect(summaries[0].body).not.toContain('Refused by GitHub');
    expect(summaries[0].body).toContain('2 new inline comments');
  });

  it('a 502 on the check run POST is retried: one check run, one review, one summary', async () => {
    const fault = nock(API).post(`${REPO}/check-runs`).reply(502, { message: 'Bad Gateway' });
    const w = wire();
    const app = await createTestApp({ createAnalyzers });
    await app.receive('pull_request', opened());
    expect(fault.isDone()).toBe(true);
    expect(w.state.checkRuns).toHaveLength(1);
    expect(w.state.checkRuns[0]).toMatchObject({ conclusion: 'neutral', head_sha: HEAD });
    expect(w.reviews()).toHaveLength(1);
    expect(w.summaries()).toHaveLength(1);
  });
});

describe('a review that fails for good still leaves a signal on the commit', () => {
  it('a permanent 500 on the PR files list: a neutral check run that says the review failed and why', async () => {
    const fault = nock(API).get(`${REPO}/pulls/2/files`).query(true).times(4).reply(500, { message: 'Internal Server Error' });
    const w = wire();
    const app = await createTestApp({ createAnalyzers });
    await app.receive('pull_request', opened());
    expect(fault.isDone()).toBe(true);
    expect(w.reviews()).toHaveLength(0);
    expect(w.state.checkRuns).toHaveLength(1);
    expect(w.state.checkRuns[0]).toMatchObject({ name: 'backend-agent', status: 'completed', conclusion: 'neutral', head_sha: HEAD, output: { title: 'Review failed' } });
    expect(w.state.checkRuns[0].output.summary).toContain('list PR files failed');
  });

  it('when GitHub will not take the check run either, the sticky summary says the review failed', async () => {
    nock(API).get(`${REPO}/pulls/2/files`).query(true).times(4).reply(500, { message: 'Internal Server Error' });
    nock(API).post(`${REPO}/check-runs`).reply(403, { message: 'Resource not accessible by integration' });
    const w = wire();
    const app = await createTestApp({ createAnalyzers });
    await app.receive('pull_request', opened());
    expect(w.summaries()).toHaveLength(1);
    expect(w.summaries()[0].body).toContain('**The review failed.** backend-agent could not review `ec26c3e`: list PR files failed');
  });
});

describe('one review per head commit, even across a crash', () => {
  it('a restart after the review was posted but before the summary posts the summary, not a second review', async () => {
    const w = wire();
    const first = await createTestApp({ createAnalyzers });
    await first.receive('pull_request', opened(), 'delivery-1');
    expect(w.reviews()).toHaveLength(1);
    // The process died before its summary and check run reached GitHub.
    w.state.issueComments.length = 0;
    w.state.checkRuns.length = 0;

    const restarted = await createTestApp({ createAnalyzers });
    await restarted.receive('pull_request', opened(), 'delivery-1');
    expect(w.reviews()).toHaveLength(1);
    const summaries = w.summaries();
    expect(summaries).toHaveLength(1);
    expect(summaries[0].body).toContain('**2 findings** (2 high); 2 new inline comments.');
    expect(summaries[0].body).not.toContain('Not posted inline');
  });
});
