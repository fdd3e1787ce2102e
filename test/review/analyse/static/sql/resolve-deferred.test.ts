import { resolveDeferred, type Reported } from '../../../../../src/review/analyse/static/sql/resolve-deferred.js';
import type { SqlStatement } from '../../../../../src/review/analyse/static/sql/model/types.js';
import type { SqlRule } from '../../../../../src/review/analyse/static/sql/rules/support/rule-api.js';
import type { Category, FindingDraft, Severity } from '../../../../../src/domain/types.js';

function rule(id: string, category: Category, severity: Severity, defersToRewrite = false): SqlRule {
  return { meta: { id, category, severity, title: id, rationale: '', anchors: [] }, check: () => [], defersToRewrite };
}

function item(r: SqlRule, stmtId: number, extra: { severity?: Severity; inRewrite?: string } = {}): Reported {
  const stmt = { id: stmtId } as SqlStatement;
  const finding: FindingDraft = {
    path: 'm.sql',
    line: stmtId,
    side: 'RIGHT',
    category: r.meta.category,
    severity: extra.severity ?? r.meta.severity,
    rule: r.meta.id,
    title: r.meta.id,
    message: `${r.meta.id} says so.`,
    source: 'static',
  };
  return { rule: r, report: { stmt, message: finding.message, severity: extra.severity, inRewrite: extra.inRewrite }, finding };
}

const insecure = rule('insecure', 'rls', 'high');
const alsoInsecure = rule('also-insecure', 'rls', 'high');
const tuning = rule('tuning', 'query', 'medium', true);

describe('resolveDeferred', () => {
  it('drops deferring advice on a statement with a high rls finding and moves its aside there', () => {
    const items = [item(insecure, 1), item(tuning, 1, { inRewrite: 'Wrap it.' })];
    expect(resolveDeferred(items).map((f) => [f.rule, f.message])).toEqual([['insecure', 'insecure says so. Wrap it.']]);
    expect(items[0].finding.message).toBe('insecure says so.');
  });

  it('keeps advice on other statements, next to medium rls findings, and from rules that do not defer', () => {
    const mediumRls = item(rule('leak', 'rls', 'high'), 2, { severity: 'medium' });
    mediumRls.finding.severity = 'medium';
    const items = [item(insecure, 1), item(tuning, 3), mediumRls, item(tuning, 2), item(rule('other', 'query', 'medium'), 1)];
    expect(resolveDeferred(items).map((f) => `${f.rule}@${f.line}`)).toEqual(['insecure@1', 'tuning@3', 'leak@2', 'tuning@2', 'other@1']);
  });

  it('keeps every high rls finding of a statement once, the aside on the first', () => {
    const items = [item(insecure, 1), item(alsoInsecure, 1), item(tuning, 1, { inRewrite: 'Wrap it.' })];
    expect(resolveDeferred(items).map((f) => [f.rule, f.message])).toEqual([
      ['insecure', 'insecure says so. Wrap it.'],
      ['also-insecure', 'also-insecure says so.'],
    ]);
  });
});
