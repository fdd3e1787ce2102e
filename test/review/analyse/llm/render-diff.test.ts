import { renderNumberedDiff } from '../../../../src/review/analyse/llm/render-diff.js';
import { makeChangeSet } from '../../../helpers/change-set.js';

describe('renderNumberedDiff', () => {
  it('numbers added and context lines by their new line, and leaves deleted lines unnumbered', () => {
    const base = ['a = 1', 'b = 2', 'c = 3', 'd = 4', ''].join('\n');
    const head = ['a = 1', 'b = 20', 'c = 3', 'x = 9', 'd = 4', ''].join('\n');
    const { changeSet } = makeChangeSet([{ path: 'app/m.py', base, head }]);
    expect(renderNumberedDiff(changeSet.files[0])).toBe(
      ['--- app/m.py (modified)', '@@ -1,4 +1,5 @@', '1  a = 1', '  -b = 2', '2 +b = 20', '3  c = 3', '4 +x = 9', '5  d = 4'].join('\n'),
    );
  });

  it('pads numbers to the widest line of the file and reveals invisible characters', () => {
    const base = Array.from({ length: 12 }, (_, i) => `v${i} = ${i}`).join('\n') + '\n';
    const head = base.replace('v10 = 10', 'v10 = "\u202Eadmin"');
    const { changeSet } = makeChangeSet([{ path: 'app/m.py', base, head }]);
    const out = renderNumberedDiff(changeSet.files[0]).split('\n');
    expect(out).toContain('11 +v10 = "<U+202E>admin"');
    expect(out).toContain(' 8  v7 = 7');
    expect(out).toContain('   -v10 = 10');
  });

  it('says so when a file has no textual change', () => {
    const { changeSet } = makeChangeSet([{ path: 'app/m.py', base: 'a\n', head: 'a\n' }]);
    expect(renderNumberedDiff(changeSet.files[0])).toBe('--- app/m.py (modified)\n(no textual changes)');
  });
});
