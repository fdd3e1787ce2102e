import nock from 'nock';
import { createTestApp } from '../helpers/test-app.js';
import { API, githubWire } from '../helpers/github-wire.js';
import { examplePayload } from '../helpers/payloads.js';
import { makePatch } from '../helpers/change-set.js';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';

const SRC = 'import time\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/a")\nasync def a():\n    time.sleep(1)\n    return {}\n';
const PERSONA = `---
name: backend-agent
description: Our house reviewer.
model: haiku
color: blue
---
You are Ada, the payments team's reviewer. Money amounts are integers in cents.
`;

let fake: FakeAnthropic;
beforeEach(async () => {
  nock.enableNetConnect('127.0.0.1');
  fake = await startFakeAnthropic({ kind: 'tool', input: { findings: [], summary: 'Nothing more.', plan: [] } });
});
afterEach(async () => {
  nock.cleanAll();
  await fake.close();
});

async function review(personaText: string | undefined) {
  const personaPath = '/repos/Codertocat/Hello-World/contents/.claude%2Fagents%2Fbackend-agent.md';
  const asked: string[] = [];
  nock(API)
    .get(personaPath)
    .query(true)
    .reply((uri) => {
      asked.push(uri);
      if (personaText === undefined) return [404, { message: 'Not Found' }];
      return [200, { type: 'file', encoding: 'base64', size: personaText.length, name: 'backend-agent.md', path: '.claude/agents/backend-agent.md', content: Buffer.from(personaText).toString('base64') }];
    });
  const wire = githubWire({ owner: 'Codertocat', repo: 'Hello-World', number: 2, files: [{ filename: 'app/main.py', status: 'added', patch: makePatch('', SRC), content: SRC }] });
  const app = await createTestApp({ env: { ANTHROPIC_API_KEY: 'sk-ant-test-0000', ANTHROPIC_BASE_URL: fake.baseURL } });
  await app.receive('pull_request', examplePayload('pull_request', 'opened', 1));
  return { wire, asked, summary: wire.summaries()[0].body as string, request: fake.requests[0]?.body };
}

describe("the repository's own persona", () => {
  it('reviews with .claude/agents/backend-agent.md from the default branch when the repository has one', async () => {
    const { asked, request, summary } = await review(PERSONA);
    // No ref: the default branch, never the pull request's head.
    expect(asked).toEqual(['/repos/Codertocat/Hello-World/contents/.claude%2Fagents%2Fbackend-agent.md']);
    expect(request.model).toBe('claude-haiku-4-5');
    expect(JSON.stringify(request.system)).toContain("You are Ada, the payments team's reviewer.");
    expect(summary).not.toContain('Configuration problems');
  });

  it('falls back to the built-in persona and says why when the file is invalid', async () => {
    const { request, summary } = await review(PERSONA.replace('name: backend-agent', 'name: Backend Agent!'));
    expect(JSON.stringify(request.system)).toContain('world class Senior Backend Engineer');
    expect(summary).toMatch(/### Configuration problems\n\n- Codertocat\/Hello-World:\.claude\/agents\/backend-agent\.md: front matter field "name" .*; the built-in persona reviewed/);
  });

  it('uses the built-in persona when the repository has none', async () => {
    const { request } = await review(undefined);
    expect(request.model).toBe('claude-sonnet-5-5');
    expect(JSON.stringify(request.system)).toContain('world class Senior Backend Engineer');
  });
});
