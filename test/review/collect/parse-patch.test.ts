import { parseCommentableLines } from '../../../src/review/collect/parse-patch.js';
import { makePatch } from '../../helpers/change-set.js';

const sorted = (s: ReadonlySet<number>) => [...s].sort((a, b) => a - b);

describe('parseCommentableLines', () => {
  it('maps added and context lines to RIGHT by new number and deleted lines to LEFT by old number', () => {
    const patch = ['@@ -1,4 +1,5 @@', ' a', '-b', '+B', '+C', ' d', ' e'].join('\n');
    const lines = parseCommentableLines(patch);
    expect(sorted(lines.right)).toEqual([1, 2, 3, 4, 5]);
    expect(sorted(lines.added)).toEqual([2, 3]);
    expect(sorted(lines.left)).toEqual([2]);
  });

  it('ignores the "No newline at end of file" marker', () => {
    const patch = ['@@ -1,2 +1,2 @@', ' a', '-b', '\\ No newline at end of file', '+c', '\\ No newline at end of file'].join('\n');
    const lines = parseCommentableLines(patch);
    expect(sorted(lines.right)).toEqual([1, 2]);
    expect(sorted(lines.added)).toEqual([2]);
    expect(sorted(lines.left)).toEqual([2]);
  });

  it('handles hunks at the start and the end of a file', () => {
    const base = Array.from({ length: 20 }, (_, i) => `line${i + 1}`).join('\n') + '\n';
    const head = base.replace('line1\n', 'first\nline1\n').replace('line20\n', 'line20\nlast\n');
    const lines = parseCommentableLines(makePatch(base, head));
    expect(sorted(lines.added)).toEqual([1, 22]);
    expect(sorted(lines.right)).toEqual([1, 2, 3, 4, 19, 20, 21, 22]);
    expect(lines.left.size).toBe(0);
  });

  it('returns nothing for an empty patch (a rename without changes, or a binary file)', () => {
    const lines = parseCommentableLines('');
    expect(lines.right.size + lines.left.size + lines.added.size).toBe(0);
  });
});
