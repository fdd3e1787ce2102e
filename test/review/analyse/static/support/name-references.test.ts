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
