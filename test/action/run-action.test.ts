import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { runAction } from '../../src/app/action/run-action.js';
import { githubWire } from '../helpers/github-wire.js';
import { examplePayload } from '../helpers/payloads.js';
import { makePatch } from '../helpers/change-set.js';

const SRC = 'import time\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/a")\nasync def a():\n    time.sleep(1)\n    return {}\n';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'action-'));
});
afterEach(() => {
  nock.cleanAll();
  rmSync(dir, { recursive: true, force: true });
});

function env(payload: unknown, extra: Record<string, string> = {}) {
  const path = join(dir, 'event.json');
  writeFileSync(path, JSON.stringify(payload));
  return { GITHUB_EVENT_PATH: path, GITHUB_EVENT_NAME: 'pull_request', GITHUB_TOKEN: 'ghs_actiontoken', LOG_LEVEL: 'silent' as const, ...extra };
}

describe('the GitHub Action entry', () => {
  it('reviews the workflow pull request with the same pipeline, reading the config from the default branch', async () => {
    const wire = githubWire({ owner: 'Codertocat', repo: 'Hello-World', number: 2, files: [{ filename: 'app/main.py', status: 'added', patch: makePatch('', SRC), content: SRC }], config: 'max_inline_comments: 5\n' });
    const outcome = await runAction({ env: env(examplePayload('pull_request', 'opened', 1)) });
    expect(outcome).toMatchObject({ status: 'reviewed', inline: 1 });
    expect(wire.reviews()).toHaveLength(1);
    expect(wire.reviews()[0].body.event).toBe('COMMENT');
    expect(wire.reviews()[0].body.comments[0].body).toContain('async-blocking-sleep');
    expect(wire.summaries()).toHaveLength(1);
  });

  it('does nothing outside a pull_request event, and explains a missing token', async () => {
    const push = { ref: 'refs/heads/main', repository: examplePayload('pull_request', 'opened', 1).repository };
    expect(await runAction({ env: { ...env(push), GITHUB_EVENT_NAME: 'push' } })).toEqual({ status: 'skipped', reason: 'not a pull_request event (push)' });
    await expect(runAction({ env: { ...env({}), GITHUB_TOKEN: '' } })).rejects.toThrow('GITHUB_TOKEN is not set');
  });
});
