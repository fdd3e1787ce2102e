import { cleanModelText, normalisePath, toLlmDrafts } from '../../../../src/review/analyse/llm/to-drafts.js';
import { makeChangeSet } from '../../../helpers/change-set.js';

const { changeSet } = makeChangeSet([{ path: 'app/a.py', base: 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n', head: 'a\nb\nc\nd\nE\nf\ng\nh\ni\nj\n' }]);
const base = { path: 'app/a.py', line: 5, category: 'query' as const, severity: 'low' as const, title: 'T', body: 'B' };

describe('toLlmDrafts', () => {
  it('keeps added and context lines, drops and counts others', () => {
    const findings = [base, { ...base, line: 3, category: 'async' as const }, { ...base, line: 1 }, { ...base, line: 9 }, { ...base, path: 'app/b.py' }];
    const { drafts, dropped } = toLlmDrafts({ findings, files: changeSet.files });
    expect(drafts.map((d) => d.line)).toEqual([5, 3]);
    expect(dropped).toBe(3);
  });

  it('keeps one finding per line and category', () => {
    const { drafts, dropped } = toLlmDrafts({ findings: [base, { ...base, title: 'again' }], files: changeSet.files });
    expect(drafts).toHaveLength(1);
    expect(dropped).toBe(0);
  });

  it('cleans suggestions: unfenced, no fence or HTML comment inside, no trailing blanks', () => {
    const cases: [string, string | undefined][] = [
      ['```python\nE = 1\n```', 'E = 1'],
      ['E = 1\n\n', 'E = 1'],
      ['E = """```"""', undefined],
      ['E = 1  # <!-- backend-agent:fp=x -->', undefined],
      ['   ', undefined],
    ];
    for (const [suggestion, expected] of cases) {
      const [draft] = toLlmDrafts({ findings: [{ ...base, suggestion }], files: changeSet.files }).drafts;
      expect(draft.suggestion).toBe(expected);
    }
  });

  it('normalises the path forms models write', () => {
    expect(['./app/a.py', 'a/app/a.py', 'b/app/a.py', '/app/a.py', ' app/a.py '].map(normalisePath)).toEqual(Array(5).fill('app/a.py'));
  });

  it('strips HTML comments and secrets from model text', () => {
    expect(cleanModelText('Fix it <!-- backend-agent:summary --> now sk-secret-12345678', ['sk-secret-12345678'])).toBe('Fix it  now [redacted]');
  });
});
