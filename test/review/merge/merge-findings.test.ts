import { mergeFindings } from '../../../src/review/merge/merge-findings.js';
import { fingerprintOf } from '../../../src/review/merge/fingerprint.js';
import { defaultSettings } from '../../../src/config/repo-config.js';
import { makeChangeSet } from '../../helpers/change-set.js';
import type { FindingDraft } from '../../../src/domain/types.js';

const BASE = 'a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\ng = 7\nh = 8\ni = 9\nj = 10\n';
const HEAD = BASE.replace('c = 3\n', 'c = 3\nsleep_a()\nsleep_b()\n').replace('j = 10\n', 'j = 10\nlast()\n');
const { changeSet } = makeChangeSet([{ path: 'app/x.py', base: BASE, head: HEAD }]);

const draft = (over: Partial<FindingDraft>): FindingDraft => ({
  path: 'app/x.py',
  line: 4,
  category: 'async',
  severity: 'high',
  rule: 'r1',
  title: 't',
  message: 'm',
  source: 'static',
  ...over,
});

describe('mergeFindings', () => {
  it('keeps findings on commentable lines inline and lists the others as not on the diff', () => {
    const merged = mergeFindings({ drafts: [draft({ line: 4 }), draft({ line: 9, rule: 'r2' }), draft({ path: 'app/other.py', rule: 'r3' })], changeSet, settings: defaultSettings() });
    expect(merged.inline.map((f) => f.line)).toEqual([4]);
    expect(merged.offDiff.map((f) => [f.path, f.line])).toEqual([
      ['app/other.py', 4],
      ['app/x.py', 9],
    ]);
    expect(merged.all).toHaveLength(3);
  });

  it('deduplicates the same rule on the same line, keeping the most severe', () => {
    const merged = mergeFindings({ drafts: [draft({ severity: 'low' }), draft({ severity: 'high' })], changeSet, settings: defaultSettings() });
    expect(merged.all).toHaveLength(1);
    expect(merged.all[0].severity).toBe('high');
  });

  it('ranks by severity, caps inline comments and sends the overflow to the summary, most severe first', () => {
    const settings = { ...defaultSettings(), max_inline_comments: 1 };
    const merged = mergeFindings({ drafts: [draft({ line: 12, severity: 'low', rule: 'a' }), draft({ line: 5, severity: 'medium', rule: 'b' }), draft({ line: 4, severity: 'high', rule: 'c' })], changeSet, settings });
    expect(merged.inline.map((f) => f.rule)).toEqual(['c']);
    expect(merged.overflow.map((f) => f.rule)).toEqual(['b', 'a']);
  });

  it('applies rule overrides (off, severity) and keeps below-threshold findings out of the inline comments', () => {
    const settings = { ...defaultSettings(), rules: { r1: 'off' as const, r2: 'low' as const }, min_severity: 'medium' as const };
    const merged = mergeFindings({ drafts: [draft({}), draft({ line: 5, rule: 'r2' })], changeSet, settings });
    expect(merged.all.map((f) => [f.rule, f.severity])).toEqual([['r2', 'low']]);
    expect(merged.inline).toHaveLength(0);
    expect(merged.belowThreshold.map((f) => f.rule)).toEqual(['r2']);
  });

  it('fingerprints by rule, path and code, so moving the code keeps the fingerprint', () => {
    const moved = makeChangeSet([{ path: 'app/x.py', base: BASE, head: `# moved\n\n\n${HEAD}` }]).changeSet;
    const a = mergeFindings({ drafts: [draft({ line: 4 })], changeSet, settings: defaultSettings() }).all[0];
    const b = mergeFindings({ drafts: [draft({ line: 7 })], changeSet: moved, settings: defaultSettings() }).all[0];
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).toBe(fingerprintOf({ rule: 'r1', path: 'app/x.py', code: 'sleep_a()' }));
  });

  it('does not repeat a finding whose fingerprint was already posted', () => {
    const first = mergeFindings({ drafts: [draft({})], changeSet, settings: defaultSettings() });
    const again = mergeFindings({ drafts: [draft({})], changeSet, settings: defaultSettings(), posted: new Set([first.all[0].fingerprint]) });
    expect(again.inline).toHaveLength(0);
    expect(again.repeated).toHaveLength(1);
  });

  it('narrows a multi-line range that leaves the diff to its first line, dropping the suggestion', () => {
    const merged = mergeFindings({ drafts: [draft({ line: 5, endLine: 9, suggestion: 'x' })], changeSet, settings: defaultSettings() });
    expect(merged.inline[0]).toMatchObject({ line: 5 });
    expect(merged.inline[0].endLine).toBeUndefined();
    expect(merged.inline[0].suggestion).toBeUndefined();
  });

  it('writes one comment per line and category, the most severe rule leading', () => {
    const merged = mergeFindings({ drafts: [draft({ rule: 'blocking-ddl-lock', severity: 'medium', title: 'Lock', message: 'NOT VALID first.' }), draft({ rule: 'unindexed-foreign-key', severity: 'high', title: 'No index', message: 'Add an index.' }), draft({ rule: 'sql', category: 'security' })], changeSet, settings: defaultSettings() });
    expect(merged.all.map((f) => [f.rule, f.category])).toEqual([
      ['unindexed-foreign-key', 'async'],
      ['sql', 'security'],
    ]);
    expect(merged.all[0].message).toBe('Add an index.\n\n**Also (blocking-ddl-lock): Lock.** NOT VALID first.');
  });

  it('honours backend-agent: ignore comments on the line or the line above, for all rules or the named ones', () => {
    const head = 'a()  # backend-agent: ignore\n# backend-agent: ignore[r2]\nb()\nc()  # backend-agent: ignore[other-rule]\n';
    const cs = makeChangeSet([{ path: 'app/y.py', head }]).changeSet;
    const at = (line: number, rule: string) => draft({ path: 'app/y.py', line, rule });
    const merged = mergeFindings({ drafts: [at(1, 'r1'), at(3, 'r2'), at(3, 'r3'), at(4, 'r4')], changeSet: cs, settings: defaultSettings() });
    expect(merged.all.map((f) => [f.line, f.rule])).toEqual([
      [3, 'r3'],
      [4, 'r4'],
    ]);
    expect(merged.suppressed).toBe(2);
  });

  it('honours the security linters\' comments (nosec, noqa: S…, nosemgrep) for the same check, on any line of the statement', () => {
    const head = [
      'stmt = text(  # nosemgrep: python.sqlalchemy.security.sql_injection_fstring -- stmt is our own TextClause',
      '    f"{stmt} AND {clause}"',
      ')',
      'rows = db.execute(text(f"SELECT {col} FROM t"))  # nosec B608',
      'rows = db.execute(text(f"SELECT {col} FROM t"))  # noqa: S608',
      'rows = db.execute(text(f"SELECT {col} FROM t"))  # noqa',
      'rows = db.execute(text(f"SELECT {col} FROM t"))  # nosec B105',
      'subprocess.run(cmd, shell=True)  # nosec',
      'time.sleep(1)  # nosec',
      'token = "sk_live_abc"  # nosemgrep: generic-sql-query',
    ].join('\n');
    const cs = makeChangeSet([{ path: 'app/z.py', head }]).changeSet;
    const at = (line: number, rule: string, category: 'security' | 'async' = 'security') => draft({ path: 'app/z.py', line, rule, category });
    const merged = mergeFindings({
      drafts: [at(2, 'sql-string-built'), at(4, 'sql-string-built'), at(5, 'sql-string-built'), at(6, 'sql-string-built'), at(7, 'sql-string-built'), at(8, 'command-injection'), at(9, 'async-blocking-sleep', 'async'), at(10, 'hardcoded-secret')],
      changeSet: cs,
      settings: defaultSettings(),
    });
    // A bare noqa, a code of another check, an async rule under nosec, and a semgrep id of another check stay.
    expect(merged.all.map((f) => [f.line, f.rule]).sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual([
      [6, 'sql-string-built'],
      [7, 'sql-string-built'],
      [9, 'async-blocking-sleep'],
      [10, 'hardcoded-secret'],
    ]);
    expect(merged.suppressed).toBe(4);
  });
});
