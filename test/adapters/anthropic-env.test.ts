import { createAnthropicFromEnv, createLlmAnalyzerFromEnv } from '../../src/adapters/anthropic-env.js';
import { defaultSettings } from '../../src/config/repo-config.js';
import { silentLog } from '../../src/domain/logger.js';
import { makeChangeSet } from '../helpers/change-set.js';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';

let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('the AI review from the environment', () => {
  it('is undefined without ANTHROPIC_API_KEY', () => {
    expect(createAnthropicFromEnv({})).toBeUndefined();
    expect(createAnthropicFromEnv({ ANTHROPIC_API_KEY: '  ' })).toBeUndefined();
  });

  it('names the variable when a value is malformed', () => {
    expect(() => createAnthropicFromEnv({ ANTHROPIC_API_KEY: 'k', BACKEND_AGENT_LLM_TIMEOUT_MS: 'soon' })).toThrow(/^BACKEND_AGENT_LLM_TIMEOUT_MS: /);
    expect(() => createAnthropicFromEnv({ ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: 'not a url' })).toThrow(/^ANTHROPIC_BASE_URL: /);
  });

  it('reads the knobs into limits', () => {
    const built = createAnthropicFromEnv({ ANTHROPIC_API_KEY: 'k', BACKEND_AGENT_MODEL: 'haiku', BACKEND_AGENT_LLM_DEADLINE_MS: '5000', BACKEND_AGENT_LLM_CONCURRENCY: '2' });
    expect(built).toMatchObject({ model: 'haiku', limits: { deadlineMs: 5000, concurrency: 2 } });
  });

  it('reviews through ANTHROPIC_BASE_URL with the shipped persona and BACKEND_AGENT_MODEL', async () => {
    fake = await startFakeAnthropic({ kind: 'tool', input: { findings: [], summary: 'Fine.', plan: [] } });
    const analyzer = await createLlmAnalyzerFromEnv({ env: { ANTHROPIC_API_KEY: 'sk-ant-env-0123456789', ANTHROPIC_BASE_URL: fake.baseURL, BACKEND_AGENT_MODEL: 'haiku' } });
    const { changeSet, repo } = makeChangeSet([{ path: 'app/a.py', head: 'x = 1\n' }]);
    const result = await analyzer.run({ changeSet, repo, settings: defaultSettings(), log: silentLog, previous: [] });
    expect(analyzer).toMatchObject({ name: 'backend-agent', kind: 'llm' });
    expect(result).toMatchObject({ status: 'ok', overview: 'Fine.', usage: { model: 'claude-haiku-4-5', requests: 1 } });
    expect(fake.requests[0].headers.authorization).toBe('Bearer sk-ant-env-0123456789');
  });

  it('says why it is off: no key, or an explicit reason', async () => {
    const { changeSet, repo } = makeChangeSet([{ path: 'app/a.py', head: 'x = 1\n' }]);
    const ctx = { changeSet, repo, settings: defaultSettings(), log: silentLog, previous: [] };
    expect((await (await createLlmAnalyzerFromEnv({ env: {} })).run(ctx)).detail).toBe('AI review off: no ANTHROPIC_API_KEY');
    const off = await createLlmAnalyzerFromEnv({ env: { ANTHROPIC_API_KEY: 'k' }, offReason: 'disabled by --no-llm' });
    expect((await off.run(ctx)).detail).toBe('AI review off: disabled by --no-llm');
  });
});
