import { mergeLive } from '../../../src/review/merge/merge-live.js';
import type { FindingDraft } from '../../../src/domain/types.js';

const draft = (over: Partial<FindingDraft>): FindingDraft => ({
  path: 'supabase/migrations/1_notes.sql',
  line: 4,
  category: 'rls',
  severity: 'medium',
  rule: 'rls-policy-always-true',
  title: 'Write policy that lets everyone through',
  message: 'static says so',
  source: 'static',
  ...over,
});

describe('mergeLive', () => {
  it('makes one finding with both sources when the live stage confirms a static rule on its line', () => {
    const merged = mergeLive([draft({ suggestion: 'fix' })], [draft({ source: 'live', severity: 'high', message: 'PostgreSQL holds it' })]);
    expect(merged).toEqual([
      draft({ suggestion: 'fix', severity: 'high', sources: ['static', 'live'], message: 'static says so\n\n**Confirmed on a live PostgreSQL:** PostgreSQL holds it' }),
    ]);
  });

  it('attaches a probe\'s evidence to the static finding of its category on that line', () => {
    const probe = draft({ source: 'live', severity: 'high', rule: 'rls-probe-update-others', message: 'as user B, update changed 1 row' });
    const [merged, ...rest] = mergeLive([draft({})], [probe]);
    expect(rest).toEqual([]);
    expect(merged).toMatchObject({ rule: 'rls-policy-always-true', severity: 'high', sources: ['static', 'live'] });
    expect(merged.message).toContain('**Proven on a live PostgreSQL (rls-probe-update-others):** as user B, update changed 1 row');
  });

  it('keeps a live finding of another meaning, line or file apart', () => {
    const lint = draft({ source: 'live', rule: 'multiple-permissive-policies', category: 'query' });
    const elsewhere = draft({ source: 'live', rule: 'rls-policy-always-true', line: 9 });
    const merged = mergeLive([draft({ category: 'query', rule: 'rls-initplan-auth-call' })], [lint, elsewhere]);
    expect(merged.map((d) => [d.rule, d.line, d.source, d.sources])).toEqual([
      ['rls-initplan-auth-call', 4, 'static', undefined],
      ['multiple-permissive-policies', 4, 'live', undefined],
      ['rls-policy-always-true', 9, 'live', undefined],
    ]);
  });

  it('lets a live finding of an advice rule whose static rule knows the intent only confirm that rule, never stand alone', () => {
    const fk = draft({ source: 'live', rule: 'unindexed-foreign-key', category: 'query', line: 12 });
    const initplan = draft({ source: 'live', rule: 'rls-initplan-auth-call', category: 'query', line: 4 });
    const noPolicy = draft({ source: 'live', rule: 'rls-enabled-no-policy', line: 7 });
    const definer = draft({ source: 'live', rule: 'security-definer-function-exposed', line: 9 });
    const merged = mergeLive([draft({ category: 'query', rule: 'rls-initplan-auth-call' })], [fk, initplan, noPolicy, definer]);
    expect(merged.map((d) => [d.rule, d.line, d.sources])).toEqual([['rls-initplan-auth-call', 4, ['static', 'live']]]);
  });
});
