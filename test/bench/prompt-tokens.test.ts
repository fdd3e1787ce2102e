import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp-dir.js';
import { changeSetFromDirs } from '../../bench/change-set-from-dirs.js';
import { formatPromptTokenReport, measurePromptTokens } from '../../bench/prompt-tokens.js';

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

// A 300-line module where the PR changes two lines: the naive prompt carries all of it.
const big = Array.from({ length: 300 }, (_, i) => `def helper_${i}(x):\n    return x + ${i}\n`).join('');

describe('changeSetFromDirs', () => {
  it('builds GitHub-style files from two trees, backend files only', async () => {
    const root = await tempDir('case');
    await writeTree(join(root, 'base'), { 'app/a.py': 'a = 1\n', 'app/gone.py': 'g = 1\n', 'README.md': 'x', '.keep': '' });
    await writeTree(join(root, 'head'), { 'app/a.py': 'a = 2\n', 'app/new.py': 'n = 1\n', 'README.md': 'y' });
    const cs = await changeSetFromDirs({ baseDir: join(root, 'base'), headDir: join(root, 'head') });
    expect(cs.files.map((f) => [f.path, f.status])).toEqual([
      ['app/a.py', 'modified'],
      ['app/gone.py', 'removed'],
      ['app/new.py', 'added'],
    ]);
    expect(cs.files[0].patch).toBe('@@ -1,1 +1,1 @@\n-a = 1\n+a = 2');
    expect([...cs.files[0].lines.added]).toEqual([1]);
  });
});

describe('measurePromptTokens', () => {
  it('measures the real prompt of each case against the diff and a naive full-file prompt', async () => {
    const cases = await tempDir('cases');
    await writeTree(join(cases, 'py-one', 'base'), { 'app/big.py': big });
    await writeTree(join(cases, 'py-one', 'head'), { 'app/big.py': big.replace('return x + 7\n', 'return requests.get(x)\n') });
    await writeTree(join(cases, 'sql-two', 'base'), { '.keep': '' });
    await writeTree(join(cases, 'sql-two', 'head'), { 'supabase/migrations/1_t.sql': 'create table t (id int primary key);\n' });
    const rows = await measurePromptTokens({ casesDir: cases });
    expect(rows.map((r) => [r.caseId, r.files, r.requests])).toEqual([
      ['py-one', 1, 1],
      ['sql-two', 1, 1],
    ]);
    for (const row of rows) {
      expect(row.promptTokens).toBe(row.prefixTokens + row.userTokens);
      expect(row.userTokens).toBeGreaterThan(row.diffTokens);
      expect(row.withinGoal).toBe(row.userTokens <= 1.5 * row.diffTokens);
    }
    const [one] = rows;
    expect(one.prefixTokens).toBeGreaterThan(2000);
    expect(one.naiveTokens - one.prefixTokens).toBeGreaterThan(10 * one.userTokens);
    const report = formatPromptTokenReport(rows);
    expect(report).toMatch(/^py-one +1 +1 /m);
    expect(report).toMatch(/prompt-tokens: cases=2 within_goal=\d median_review_per_diff=\d+\.\d\d diff=\d+ prompt=\d+ naive=\d+ prefix=\d+$/);
  });
});
