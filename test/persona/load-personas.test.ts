import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp-dir.js';
import { loadInstructions, loadPersona, loadPersonas } from '../../src/persona/load-personas.js';
import { parsePersona } from '../../src/persona/parse-persona.js';

const personaText = (name: string, extra = '') => `---\nname: ${name}\ndescription: Reviews ${name}.\n${extra}---\nYou are ${name}.\n`;

async function makeDir(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('agents');
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

describe('loadPersonas', () => {
  it('loads the shipped agents folder: the backend-agent persona and its instructions', async () => {
    const personas = await loadPersonas();
    expect(personas.map((p) => p.name)).toContain('backend-agent');
    expect(await loadInstructions('review')).toMatch(/submit_review/);
    expect(await loadInstructions('plan')).toMatch(/clarifying questions/i);
  });

  it('loads every *.md persona beside it, sorted, and ignores sub-folders and other files', async () => {
    const dir = await makeDir({
      'z-sql.md': personaText('sql-hawk'),
      'a-async.md': personaText('async-owl', 'model: opus\n'),
      'notes.txt': 'not a persona',
      'README.md': '# How to write a persona',
      'instructions/review.md': '# not a persona',
    });
    const personas = await loadPersonas(dir);
    expect(personas.map((p) => p.name)).toEqual(['async-owl', 'sql-hawk']);
    expect((await loadPersona('async-owl', dir)).model).toBe('opus');
  });

  it('names the malformed file, and refuses two personas with one name', async () => {
    const bad = await makeDir({ 'ok.md': personaText('ok'), 'broken.md': '---\nname: broken\n---\ntext\n' });
    await expect(loadPersonas(bad)).rejects.toThrow(/broken\.md: front matter field "description" is required/);
    const twins = await makeDir({ 'one.md': personaText('same'), 'two.md': personaText('same') });
    await expect(loadPersonas(twins)).rejects.toThrow(/two\.md: front matter field "name" "same" is already used by .*one\.md/);
  });

  it('says which personas exist when the one asked for is missing', async () => {
    const dir = await makeDir({ 'a.md': personaText('alpha') });
    await expect(loadPersona('beta', dir)).rejects.toThrow(/no persona named "beta".*found: alpha/);
  });

  it('reads a plain description with a colon in it, as Claude Code does', () => {
    const text = '---\nname: x\ndescription: Use it often. Examples include: endpoints, queries\nmodel: sonnet\n---\nBody\n';
    expect(parsePersona(text, 'x.md').description).toBe('Use it often. Examples include: endpoints, queries');
  });
});
