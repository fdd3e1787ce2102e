#!/usr/bin/env node
// Crash-and-restart scenarios on top of the black-box e2e harness (its fakes, its app runner):
// the app is started with `npm start`, killed with SIGKILL at a chosen moment, started again,
// and the outcome is counted on the fake GitHub. Loopback only; every wait is bounded.
//
//   node scripts/e2e-crash.mjs --harness /tmp/e2e --project . --at after-review [--redis] [--redeliver]
//
//   --at after-review   kill right after the review POST succeeds (before the summary)
//   --at mid-review     kill once the review job has started (PR files listed), before any write
//   --redis             run the app on a throw-away redis-server (REDIS_URL)
//   --redeliver         after the restart, send the same delivery again (same id and body)
//   --quiet-ms MS       after the review and the summary, watch this long for a late duplicate
//                       (default 8000; longer than the job retries' backoff to see retries settle)
// Prints a JSON report: reviews, summaries, check runs, and ms from the restart to the review.
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    harness: { type: 'string' },
    project: { type: 'string', default: '.' },
    at: { type: 'string', default: 'after-review' },
    redis: { type: 'boolean', default: false },
    redeliver: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '120' },
    'quiet-ms': { type: 'string', default: '8000' },
  },
});
if (!opts.harness) throw new Error('--harness DIR (a copy of shared/e2e with npm ci done) is required');
const h = (file) => import(path.resolve(opts.harness, file));
const { FakeGithub } = await h('fake-github.mjs');
const { FakeAnthropic } = await h('fake-anthropic.mjs');
const { AppProcess, buildAppEnv } = await h('lib/app-process.mjs');
const { generateAppKey } = await h('lib/github-auth.mjs');
const { freePort, sleep } = await h('lib/http-util.mjs');
const { newDeliveryId, pullRequestPayload } = await h('lib/payloads.mjs');
const { loadScenario } = await h('lib/scenario.mjs');
const { sendWebhook } = await h('lib/webhook.mjs');

const deadline = Date.now() + Number(opts.timeout) * 1000;
async function until(what, test, stepMs = 20) {
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(stepMs);
  }
}

async function startRedis() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((r) => net.connect(port, '127.0.0.1').once('connect', function () { this.end(); r(true); }).once('error', () => r(false)));
    if (ok) return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
    await sleep(50);
  }
  throw new Error('redis-server did not start');
}

const scenario = loadScenario(path.resolve(opts.harness, 'scenarios/sample'));
const { privateKey, publicKey } = generateAppKey();
const secret = crypto.randomBytes(20).toString('hex');
const github = new FakeGithub({ scenario, appId: 123456, publicKey, faults: [] });
const number = scenario.config.pr.number;
github.state.addPull(number);
const anthropic = new FakeAnthropic({ mode: 'tool', files: scenario.prFiles().map((f) => ({ filename: f.filename, added: f.lines.added })) });
await github.start();
await anthropic.start();
const redis = opts.redis ? await startRedis() : null;
const port = await freePort();
const env = buildAppEnv({
  PORT: String(port), HOST: '127.0.0.1', APP_ID: '123456', PRIVATE_KEY: privateKey, WEBHOOK_SECRET: secret,
  GHE_HOST: `127.0.0.1:${github.port}`, GHE_PROTOCOL: 'http', LOG_LEVEL: 'info',
  ANTHROPIC_BASE_URL: anthropic.baseUrl, ANTHROPIC_API_KEY: `sk-ant-e2e-${crypto.randomBytes(16).toString('hex')}`,
  ...(redis ? { REDIS_URL: redis.url } : {}),
});
const body = JSON.stringify(pullRequestPayload(github.model, github.state, { action: 'opened', number }));
const deliveryId = newDeliveryId();
const deliver = () => sendWebhook({ port, path: '/api/github/webhooks', event: 'pull_request', deliveryId, body, secret, installationId: scenario.config.installationId, appId: 123456, timeoutMs: 10_000 });
const okReviews = () => github.requests.filter((r) => r.method === 'POST' && r.route === '/repos/{owner}/{repo}/pulls/{pull_number}/reviews' && r.status === 200);
const summaries = () => github.state.issueComments.filter((c) => c.byApp && c.body.includes('<!-- backend-agent:summary -->'));

const report = { at: opts.at, quietMs: Number(opts['quiet-ms']), queue: opts.redis ? 'redis' : 'in-process', redeliver: opts.redeliver };
let app = new AppProcess({ projectDir: path.resolve(opts.project), env });
try {
  app.start();
  if (!(await app.waitForPort(port, 60_000)).ok) throw new Error('the app did not start');
  report.firstDelivery = (await deliver()).status;
  if (opts.at === 'after-review') await until('the review POST', () => okReviews().length > 0, 2);
  else await until('the PR files request', () => github.requests.some((r) => r.route === '/repos/{owner}/{repo}/pulls/{pull_number}/files'), 2);
  process.kill(-app.pid, 'SIGKILL');
  await app.exited;
  report.atKill = { reviews: okReviews().length, summaries: summaries().length, checkRuns: github.state.checkRuns.length };

  app = new AppProcess({ projectDir: path.resolve(opts.project), env });
  const restartedAt = Date.now();
  app.start();
  if (!(await app.waitForPort(port, 60_000)).ok) throw new Error('the app did not restart');
  if (opts.redeliver) {
    let again = await deliver();
    for (let i = 0; i < 50 && typeof again.status !== 'number'; i++) again = (await sleep(200), await deliver());
    report.redelivery = again.status ?? again.error;
  }
  await until('a review and a summary', () => okReviews().length > 0 && summaries().length > 0, 100);
  report.msFromRestartToReview = Math.max(0, Math.round(github.startedAt + okReviews()[0].t - restartedAt));
  report.msFromRestartToSummary = Date.now() - restartedAt;
  // Quiet for a while: nothing more may be posted (a late duplicate).
  await sleep(Number(opts['quiet-ms']));
  report.final = { reviews: okReviews().length, reviewsStored: github.state.reviews.length, summaries: summaries().length, checkRuns: github.state.checkRuns.map((c) => c.conclusion) };
  report.ok = report.final.reviewsStored === 1 && report.final.summaries === 1;
} catch (err) {
  report.error = String(err?.message ?? err);
  report.ok = false;
} finally {
  await app.stop(2000);
  report.stderrTail = app.stderr.lines(5);
  report.stdoutTail = report.ok ? undefined : app.stdout.lines(30);
  await github.stop();
  await anthropic.stop();
  redis?.stop();
  scenario.cleanup();
}
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.exitCode = report.ok ? 0 : 1;
