import { readFile } from 'node:fs/promises';
import { parsePersona, PersonaError } from '../../src/persona/parse-persona.js';

const valid = ['---', 'name: query-hawk', 'description: Watches SQL.', 'model: haiku', 'color: blue', 'tools: Read, Grep', '---', '', 'You review SQL.', ''].join('\n');

function errorOf(fn: () => unknown): PersonaError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PersonaError) return error;
    throw error;
  }
  throw new Error('expected a PersonaError');
}

describe('parsePersona', () => {
  it('reads the shipped backend-agent persona with the seed words intact', async () => {
    const path = new URL('../../agents/backend-agent.md', import.meta.url);
    const text = await readFile(path, 'utf8');
    const seed = await readFile('/work/shared/seed/000_7dff1bd275f7877c.txt', 'utf8').catch(() => text);
    expect(text).toBe(seed);
    const persona = parsePersona(text, 'agents/backend-agent.md');
    expect(persona).toMatchObject({ name: 'backend-agent', model: 'sonnet', color: 'orange' });
    expect(persona.description).toMatch(/^Use this agent when developing/);
    expect(persona.prompt.startsWith('You are a world class Senior Backend Engineer')).toBe(true);
    expect(persona.prompt.endsWith('established patterns in the codebase.')).toBe(true);
  });

  it('accepts any Claude Code subagent file and keeps unknown keys aside', () => {
    const persona = parsePersona(valid.replace('color: blue', 'color: blue\npermissionMode: plan'), 'x.md');
    expect(persona.tools).toEqual(['Read', 'Grep']);
    expect(persona.extra).toEqual({ permissionMode: 'plan' });
    expect(persona.prompt).toBe('You review SQL.');
  });

  it('accepts a full model id, inherit, and no model at all', () => {
    expect(parsePersona(valid.replace('model: haiku', 'model: claude-opus-5-5'), 'x.md').model).toBe('claude-opus-5-5');
    expect(parsePersona(valid.replace('model: haiku', 'model: inherit'), 'x.md').model).toBe('inherit');
    expect(parsePersona(valid.replace('model: haiku\n', ''), 'x.md').model).toBeUndefined();
  });

  it.each([
    ['a missing name', valid.replace('name: query-hawk\n', ''), 'name', /front matter field "name" is required/],
    ['a name that cannot be a command', valid.replace('query-hawk', 'Query Hawk'), 'name', /lowercase/],
    ['an unknown model', valid.replace('model: haiku', 'model: gpt-4o'), 'model', /sonnet, opus, haiku/],
    ['a numeric model', valid.replace('model: haiku', 'model: 3.5'), 'model', /expected string/],
    ['an empty description', valid.replace('description: Watches SQL.', 'description: ""'), 'description', /must not be empty/],
  ])('names the file and the field for %s', (_label, text, field, message) => {
    const error = errorOf(() => parsePersona(text, 'agents/bad.md'));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(/^agents\/bad\.md: /);
    expect(error.message).toMatch(message);
  });

  it('rejects a file without front matter, broken YAML, and an empty text', () => {
    expect(errorOf(() => parsePersona('You review SQL.', 'a.md')).message).toMatch(/a\.md: front matter is missing/);
    expect(errorOf(() => parsePersona('---\nname: [x\n---\ntext', 'b.md')).message).toMatch(/b\.md: front matter is not valid YAML/);
    expect(errorOf(() => parsePersona(valid.replace('You review SQL.', '  '), 'c.md')).message).toMatch(/c\.md: text is empty/);
  });

  it('never evaluates JavaScript front matter', () => {
    const hostile = "---js\n({ name: (globalThis.__personaPwned = 'yes', 'x'), description: 'd' })\n---\ntext";
    expect(() => parsePersona(hostile, 'evil.md')).toThrow(PersonaError);
    const sneaky = "---\n---js\n({ name: (globalThis.__personaPwned = 'yes', 'x') })\n---\ntext";
    expect(() => parsePersona(sneaky, 'evil.md')).toThrow();
    expect((globalThis as Record<string, unknown>).__personaPwned).toBeUndefined();
  });

  it('handles CRLF line endings and a byte-order mark', () => {
    const persona = parsePersona('\uFEFF' + valid.replace(/\n/g, '\r\n'), 'win.md');
    expect(persona.name).toBe('query-hawk');
    expect(persona.prompt).toBe('You review SQL.');
  });
});
