import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import nock from 'nock';
import pino from 'pino';
import { ProbotOctokit } from 'probot';
import { startServer, type RunningServer } from '../../src/app/probot/start-server.js';
import { readServerEnv, StartupError } from '../../src/app/probot/server-env.js';
import { runServer } from '../../src/app/probot/run-server.js';
import { tempDir } from '../helpers/temp-dir.js';
import { githubWire, API } from '../helpers/github-wire.js';
import { examplePayload } from '../helpers/payloads.js';
import { makePatch } from '../helpers/change-set.js';
import { sleepAnalyzer } from '../helpers/sleep-analyzer.js';

const pem = (type: 'rsa' | 'ec') =>
  type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey
    : generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
const KEY = pem('rsa');
const SECRET = 'a-real-secret-of-this-app';
const GOOD_ENV = { APP_ID: '12345', PRIVATE_KEY: KEY, WEBHOOK_SECRET: SECRET, HOST: '127.0.0.1', PORT: '0' };
const MAIN = 'import time\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/slow")\nasync def slow():\n    time.sleep(1)\n    return {"ok": True}\n';

const sign = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** Collects the server's JSON log lines. */
function captureLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines, text: () => lines.join('\n') };
}

const Octokit = ProbotOctokit.defaults((instance: any) => ({ ...instance, retry: { enabled: false }, throttle: { ...instance.throttle, enabled: false } }));

async function post(server: RunningServer, params: { body: string; secret?: string; event?: string; delivery?: string }) {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': params.event ?? 'pull_request',
      'x-github-delivery': params.delivery ?? randomUUID(),
      'x-hub-signature-256': sign(params.secret ?? SECRET, params.body),
    },
    body: params.body,
  });
  return { status: res.status, text: await res.text() };
}

function opened() {
  const payload = examplePayload('pull_request', 'opened', 1);
  return payload;
}

beforeEach(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('server start-up refuses what would run unsafely', () => {
  it.each([
    [{ WEBHOOK_SECRET: undefined }, /WEBHOOK_SECRET is not set/],
    [{ WEBHOOK_SECRET: 'development' }, /WEBHOOK_SECRET is Probot's public default "development"/],
    [{ APP_ID: undefined }, /APP_ID is not set/],
    [{ APP_ID: 'my-app' }, /APP_ID must be the numeric ID/],
    [{ PRIVATE_KEY: undefined }, /PRIVATE_KEY \(or PRIVATE_KEY_PATH\) is not set/],
    [{ PRIVATE_KEY: 'not a key at all' }, /PRIVATE_KEY is not a valid PEM private key/],
    [{ PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\nAAAAgarbledAAAA\n-----END RSA PRIVATE KEY-----' }, /PRIVATE_KEY is not a valid PEM private key/],
    [{ PRIVATE_KEY: pem('ec') }, /PRIVATE_KEY is a ec key; GitHub App keys are RSA/],
    [{ PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: './no-such-key.pem' }, /PRIVATE_KEY_PATH points to \.\/no-such-key\.pem, which does not exist/],
  ])('refuses %o with one line naming the variable', (change, reason) => {
    const env: Record<string, string | undefined> = { ...GOOD_ENV, ...change };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    let error: unknown;
    try {
      readServerEnv(env, process.cwd());
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).message).not.toContain('AAAAgarbled');
  });

  it('accepts a one-line key with \\n escapes, as Probot does', () => {
    expect(readServerEnv({ ...GOOD_ENV, PRIVATE_KEY: KEY.replace(/\n/g, '\\n') }, process.cwd()).privateKey).toBe(KEY);
  });

  it('in production, refuses to start when GitHub does not recognise APP_ID and PRIVATE_KEY together', async () => {
    nock(API).get('/app').reply(401, { message: 'A JSON web token could not be decoded' });
    await expect(startServer({ env: { ...GOOD_ENV, NODE_ENV: 'production' }, cwd: process.cwd(), Octokit, log: captureLog().log })).rejects.toThrow(/GitHub refused APP_ID and PRIVATE_KEY \(HTTP 401\)/);
  });

  it('runs setup mode only when asked, never in production or over existing credentials, and never by default', async () => {
    const cwd = await tempDir('server');
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: unknown) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      // No credentials and no --setup: a refusal, not Probot's silent setup mode.
      expect(await runServer({ argv: [], env: { PORT: '0', HOST: '127.0.0.1' }, cwd })).toBe(1);
      expect(written.at(-1)).toMatch(/^backend-agent cannot start: APP_ID is not set; PRIVATE_KEY \(or PRIVATE_KEY_PATH\) is not set; WEBHOOK_SECRET is not set\./);
      expect(await runServer({ argv: ['--setup'], env: { NODE_ENV: 'production' }, cwd })).toBe(1);
      expect(written.at(-1)).toMatch(/--setup .* is not for production/);
      expect(await runServer({ argv: ['--setup'], env: { APP_ID: '12345' }, cwd })).toBe(1);
      expect(written.at(-1)).toMatch(/APP_ID is already set/);
    } finally {
      process.stderr.write = write;
    }
  });

  it('`node dist/server.js` without WEBHOOK_SECRET exits 1 at once with one line on stderr', async () => {
    // dist/ is built by `npm ci` (prepare); this runs the real `npm start` entry.
    expect(existsSync('dist/server.js')).toBe(true);
    const child = spawn(process.execPath, ['dist/server.js'], {
      env: { PATH: process.env.PATH, APP_ID: '12345', PRIVATE_KEY: KEY, HOST: '127.0.0.1', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(timer);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^backend-agent cannot start: WEBHOOK_SECRET is not set\./)]);
  });
});

describe('webhooks at the wire of the real server', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const start = async (capture = captureLog()) => {
    server = await startServer({ env: GOOD_ENV, cwd: process.cwd(), Octokit, log: capture.log, agent: { createAnalyzers: async () => [sleepAnalyzer] } });
    return capture;
  };

  it('rejects a webhook signed with Probot\'s public default secret, and calls GitHub for nothing', async () => {
    const wire = githubWire({ owner: 'Codertocat', repo: 'Hello-World', number: 2, files: [{ filename: 'app/main.py', status: 'added', patch: makePatch('', MAIN), content: MAIN }] });
    await start();
    expect(wire.requests).toEqual([]);
    const forged = await post(server!, { body: JSON.stringify(opened()), secret: 'development' });
    expect(forged.status).toBe(401);
    await server!.idle();
    expect(wire.requests).toEqual([]);

    // The same delivery signed with the App's secret is reviewed.
    const real = await post(server!, { body: JSON.stringify(opened()) });
    expect(real.status).toBe(200);
    await server!.idle();
    expect(wire.reviews()).toHaveLength(1);
  });

  it.each([
    ['a pull_request event without pull_request', () => JSON.stringify({ ...opened(), pull_request: undefined }), /^invalid pull_request payload: pull_request: /],
    ['a head SHA of the wrong type', () => JSON.stringify({ ...opened(), pull_request: { ...opened().pull_request, head: { sha: 42 } } }), /^invalid pull_request payload: pull_request\.head\.sha: /],
    ['no installation', () => JSON.stringify({ ...opened(), installation: undefined }), /^invalid pull_request payload: installation: /],
    ['a JSON string', () => JSON.stringify('hello'), /^payload must be a JSON object, got string$/],
    ['JSON null', () => 'null', /^payload must be a JSON object, got null$/],
    ['not JSON', () => '{"action": ', /^body is not valid JSON$/],
  ])('answers %s with a 400 and a short reason, and logs the delivery id, never the payload', async (_name, body, reason) => {
    const wire = githubWire({ owner: 'Codertocat', repo: 'Hello-World', number: 2, files: [] });
    const capture = await start();
    const delivery = randomUUID();
    const res = await post(server!, { body: body(), delivery });
    expect(res.status).toBe(400);
    const { error } = JSON.parse(res.text);
    expect(error).toMatch(reason);
    expect(res.text).not.toMatch(/TypeError|at .*\.js/);
    const line = capture.lines.map((l) => JSON.parse(l)).find((l) => l.delivery === delivery);
    expect(line).toMatchObject({ delivery, reason: expect.stringMatching(reason) });
    // Nothing of the payload reaches the log (the example's repository URL is in every payload).
    expect(capture.text()).not.toContain('https://api.github.com/repos/Codertocat/Hello-World');
    expect(capture.text().length).toBeLessThan(4000);
    expect(wire.requests).toEqual([]);
  });

  it('checks the payloads of every example GitHub event it handles as valid', async () => {
    const { payloadProblem } = await import('../../src/app/events/payloads.js');
    const cases = [
      ...['opened', 'reopened', 'synchronize', 'ready_for_review', 'closed'].map((a) => ['pull_request', examplePayload('pull_request', a)] as const),
      ['issue_comment', examplePayload('issue_comment', 'created')] as const,
      ['issues', examplePayload('issues', 'opened')] as const,
    ];
    for (const [event, payload] of cases) expect([event, payloadProblem(event, payload)]).toEqual([event, undefined]);
  });
});
