import { analysePythonWith, pythonRules } from '../../../../../src/review/analyse/static/python/index.js';
import { PYTHON_RULES } from '../../../../../src/review/analyse/static/python/rules/registry.js';
import { defaultSettings } from '../../../../../src/config/repo-config.js';
import { silentLog } from '../../../../../src/domain/logger.js';
import { makeChangeSet } from '../../../../helpers/change-set.js';
import { CATEGORIES, SEVERITIES } from '../../../../../src/domain/types.js';
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

  it('reads through comments and line continuations inside any multi-line construct', async () => {
    // Comments are extras tree-sitter may put between any two tokens; none of them may cost the file.
    const head = py`
      import time
      from fastapi import APIRouter, Depends
      router = APIRouter()

      @router.get(  # the route
          "/x",  # its path
      )
      async def x(
          a: int,  # first
          b: int = Depends(  # injected
              lambda: 1  # value
          ),
      ):
          if (
              a > 0  # why
              and b > 0  # and why
              or a + b  # sum
              - 1 > 2
          ):
              total = [  # items
                  i  # each
                  for i in range(a)  # loop
                  if i  # filter
              ]
              data = {  # mapping
                  "k": total,  # key
              }
              value = a \\
                  + b
              time.sleep(  # blocks
                  1  # second
              )
          return data[  # subscript
              "k"
          ]
    `;
    const result = await reviewPython([{ path: 'app/routes.py', head }]);
    expect(result.status).toBe('ok');
    expect(result.notes ?? []).toEqual([]);
    expect(result.findings.map((f) => [f.rule, f.line])).toEqual([['async-blocking-sleep', 30]]);
  });

  it('an internal error costs one rule on one file: it is named, the run is partial, the rest is reviewed', async () => {
    const sleepy = (name: string) => `import time\n\nasync def ${name}():\n    time.sleep(1)\n`;
    const { changeSet, repo } = makeChangeSet([
      { path: 'app/a.py', head: sleepy('a') },
      { path: 'app/b.py', head: sleepy('b') },
    ]);
    const crashing = {
      meta: { ...PYTHON_RULES[0].meta, id: 'crashes-on-b' },
      check(ctx: { model: { file: { path: string } } }) {
        if (ctx.model.file.path === 'app/b.py') throw new RangeError('Maximum call stack size exceeded');
      },
    };
    const result = await analysePythonWith({ changeSet, repo, settings: defaultSettings(), log: silentLog, previous: [] }, [crashing, ...PYTHON_RULES]);
    expect(result.findings.map((f) => [f.path, f.rule])).toEqual([
      ['app/a.py', 'async-blocking-sleep'],
      ['app/b.py', 'async-blocking-sleep'],
    ]);
    expect(result.status).toBe('partial');
    expect(result.notes).toEqual([{ path: 'app/b.py', message: 'not analysed: internal error (rule crashes-on-b): Maximum call stack size exceeded' }]);
    expect(result.detail).toBe('1 file not analysed (internal error): app/b.py');
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

  it('does not review a module a package of the same name shadows (Python imports the package), and says so', async () => {
    const blocking = 'import time\n\n\nasync def handler():\n    time.sleep(1)\n';
    const routes = 'from fastapi import APIRouter\n\nfrom app.providers import handler\n\nrouter = APIRouter()\nrouter.get("/")(handler)\n';
    const shadowed = await reviewPython([{ path: 'app/providers.py', head: blocking }], { 'app/providers/__init__.py': blocking, 'app/routes.py': routes });
    expect(shadowed.findings).toEqual([]);
    expect(shadowed.status).toBe('ok');
    expect(shadowed.notes).toEqual([{ path: 'app/providers.py', message: 'not reviewed: the package `app/providers/__init__.py` shadows this module, so Python never imports it' }]);
    // The package itself, and the same module without a package beside it, are reviewed.
    expect((await reviewPython([{ path: 'app/providers/__init__.py', head: blocking }], { 'app/providers.py': blocking, 'app/routes.py': routes })).findings.map((f) => f.rule)).toEqual(['async-blocking-sleep']);
    expect((await reviewPython([{ path: 'app/providers.py', head: blocking }], { 'app/routes.py': routes })).findings.map((f) => f.rule)).toEqual(['async-blocking-sleep']);
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
