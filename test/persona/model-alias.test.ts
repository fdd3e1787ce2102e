import { MODEL_ALIASES, ModelSpecError, resolveModel, toModelId } from '../../src/persona/model-alias.js';

describe('toModelId', () => {
  it('maps aliases through the one table and keeps full Claude ids', () => {
    expect(toModelId('sonnet')).toBe(MODEL_ALIASES.sonnet);
    expect(toModelId('haiku')).toBe('claude-haiku-4-5');
    expect(toModelId('claude-opus-5-5')).toBe('claude-opus-5-5');
    expect(toModelId('claude-sonnet-4-5-20250929')).toBe('claude-sonnet-4-5-20250929');
  });

  it('refuses anything that is not a Claude model', () => {
    for (const spec of ['gpt-4o', 'Sonnet', 'claude', 'claude-x y', '', 'toString']) expect(toModelId(spec)).toBeUndefined();
  });
});

describe('resolveModel', () => {
  it('prefers the repo config, then BACKEND_AGENT_MODEL, then the persona', () => {
    expect(resolveModel({ repoConfig: 'haiku', env: 'opus', persona: 'sonnet' })).toEqual({ model: 'claude-haiku-4-5', from: 'repo config' });
    expect(resolveModel({ env: 'opus', persona: 'sonnet' })).toEqual({ model: 'claude-opus-5-5', from: 'BACKEND_AGENT_MODEL' });
    expect(resolveModel({ env: ' ', persona: 'haiku' })).toEqual({ model: 'claude-haiku-4-5', from: 'persona' });
  });

  it('falls back to sonnet when the persona inherits or names no model', () => {
    expect(resolveModel({ persona: 'inherit' })).toEqual({ model: MODEL_ALIASES.sonnet, from: 'default' });
    expect(resolveModel({})).toEqual({ model: MODEL_ALIASES.sonnet, from: 'default' });
  });

  it('fails loudly on an invalid value at the winning level instead of silently using another model', () => {
    expect(() => resolveModel({ repoConfig: 'gpt-4o', persona: 'sonnet' })).toThrow(ModelSpecError);
    expect(() => resolveModel({ repoConfig: 'gpt-4o' })).toThrow(/\.github\/backend-agent\.yml llm\.model: "gpt-4o"/);
    expect(() => resolveModel({ env: 'davinci' })).toThrow(/BACKEND_AGENT_MODEL: "davinci"/);
  });
});
