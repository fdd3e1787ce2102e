import { pythonRules } from '../../../../../src/review/analyse/static/python/index.js';
import { CATEGORIES, SEVERITIES } from '../../../../../src/review/types.js';
import { py, reviewPython } from './review-python.js';

describe('analysePython', () => {
  it('analyses what parses in a file with a syntax error and notes the error line', async () => {
    const head = py`
      import time

      async def poll():
          time.sleep(1)

      def broken(:
          pass
    `;
    const result = await reviewPython([{ path: 'app/poll.py', head }]);
    expect(result.findings.map((f) => [f.rule, f.line])).toEqual([['async-blocking-sleep', 4]]);
    expect(result.notes).toEqual([expect.objectContaining({ path: 'app/poll.py', line: 6 })]);
  });

  it('survives generated code nested thousands of levels deep', async () => {
    const chain = Array.from({ length: 20000 }, (_, i) => `"x${i}"`).join(' + ');
    const head = `import time\n\nasync def f():\n    time.sleep(1)\n    s = ${chain}\n    t = ${'['.repeat(3000)}${']'.repeat(3000)}\n`;
    const result = await reviewPython([{ path: 'app/generated.py', head }]);
    expect(result.findings.map((f) => [f.rule, f.line])).toEqual([['async-blocking-sleep', 4]]);
  });

  it('ignores SQL files, removed files and files without added lines', async () => {
    const base = 'import time\n\nasync def f():\n    time.sleep(1)\n';
    const result = await reviewPython([
      { path: 'supabase/migrations/001_init.sql', head: 'select 1;\n' },
      { path: 'app/gone.py', base, head: null },
      { path: 'app/same.py', base, head: base },
    ]);
    expect(result.findings).toEqual([]);
    expect(result.status).toBe('ok');
  });

  it('describes every rule with a unique id, a known category and severity and a rationale', () => {
    const ids = pythonRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of pythonRules) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(CATEGORIES).toContain(r.category);
      expect(SEVERITIES).toContain(r.severity);
      expect(r.rationale.length).toBeGreaterThan(80);
    }
  });

  it('reports each finding with the rule metadata and a message that says how to fix it', async () => {
    const head = py`
      import requests

      async def hook(url: str):
          requests.post(url, timeout=5)
    `;
    const [f] = (await reviewPython([{ path: 'app/hook.py', head }])).findings;
    expect(f).toMatchObject({ path: 'app/hook.py', line: 4, rule: 'async-blocking-http', category: 'async', severity: 'high', source: 'static' });
    expect(f.message).toMatch(/AsyncClient|threadpool/);
  });
});
