import { fromTexts, nameReferences } from '../../../../../src/review/analyse/static/support/name-references.js';
import { memorySnapshot } from '../../../../../src/review/memory-snapshot.js';

const DEF = 'def helper():\n    """helper docstring"""\n    return 1\n';

describe('name references', () => {
  const at = (extra: Record<string, string>) => fromTexts(new Map(Object.entries({ 'app/util.py': DEF, ...extra })));

  it('counts uses outside imports, the definition, comments and docstrings', () => {
    expect(at({}).usedOutside('helper', 'app/util.py', 0, DEF.length)).toBe(false);
    expect(at({ 'app/a.py': 'from app.util import helper\n# helper is legacy\n"""helper"""\n' }).usedOutside('helper', 'app/util.py', 0, DEF.length)).toBe(false);
    expect(at({ 'app/a.py': 'from app.util import (\n    helper,\n)\nhelper()\n' }).usedOutside('helper', 'app/util.py', 0, DEF.length)).toBe(true);
    expect(at({ 'app/a.py': 'from app.util import helper as h\n' }).usedOutside('helper', 'app/util.py', 0, DEF.length)).toBe(true);
    expect(at({ 'pyproject.toml': '[project.scripts]\nrun = "app.util:helper"\n' }).usedOutside('helper', 'app/util.py', 0, DEF.length)).toBe(true);
    expect(at({ 'app/a.py': 'CALLS = ["helper"]\n' }).usesOf('helper', 'app/util.py', 0, DEF.length)).toEqual([{ path: 'app/a.py', count: 1 }]);
    // In its own file, a use outside the definition counts.
    expect(fromTexts(new Map([['app/util.py', `${DEF}x = helper()\n`]])).usedOutside('helper', 'app/util.py', 0, DEF.length)).toBe(true);
  });

  it('tells a re-export in __all__ from a use, and counts the attribute uses a method can have', () => {
    expect(at({ 'app/__init__.py': 'from .util import helper\n\n__all__ = [\n    "helper",\n]\n' }).usesOf('helper', 'app/util.py', 0, DEF.length)).toEqual([
      { path: 'app/__init__.py', count: 1, exported: 1 },
    ]);
    const refs = at({
      'app/jobs.py': 'from app.sync.run import go\n\nasync def job(s):\n    sync = s\n    await sync.sync()\n    kind = "sync"\n',
      'app/dyn.py': 'def call(s):\n    return getattr(s, "sync")()\n',
      'README.md': 'call `x.sync()`\n',
    });
    expect(refs.memberUsesOf('sync', 'app/util.py', 0, 0)).toEqual([
      { path: 'app/jobs.py', count: 1, quoted: 0 },
      { path: 'app/dyn.py', count: 0, quoted: 1 },
    ]);
  });

  it('knows whether a module is imported, absolutely, from its package or relatively', () => {
    expect(at({}).moduleImported('app/util.py')).toBe(false);
    expect(at({ 'app/a.py': 'from app.util import helper\n' }).moduleImported('app/util.py')).toBe(true);
    expect(at({ 'app/a.py': 'from app import (\n    other,\n    util,\n)\n' }).moduleImported('app/util.py')).toBe(true);
    expect(at({ 'app/a.py': 'from .util import helper\n' }).moduleImported('app/util.py')).toBe(true);
    expect(at({ 'lib/a.py': 'from .util import helper\n' }).moduleImported('app/util.py')).toBe(false);
    expect(at({ 'app/a.py': 'import app.util\n' }).moduleImported('app/util.py')).toBe(true);
    expect(at({ 'app/a.py': '# from app.util import helper\n' }).moduleImported('app/util.py')).toBe(false);
  });

  it('reads the snapshot once, and knows nothing from a budgeted snapshot', async () => {
    const repo = memorySnapshot({ 'app/util.py': DEF, 'app/a.py': 'from app.util import helper\nhelper()\n' });
    const refs = await nameReferences(repo);
    expect(refs?.usedOutside('helper', 'app/util.py', 0, DEF.length)).toBe(true);
    expect(await nameReferences(repo)).toBe(refs);
    expect(await nameReferences({ ...memorySnapshot({ 'app/util.py': DEF }), budgeted: true })).toBeNull();
  });
});
