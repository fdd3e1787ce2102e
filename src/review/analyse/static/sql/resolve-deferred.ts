import type { FindingDraft } from '../../../../domain/types.js';
import type { SqlReport, SqlRule } from './rules/support/rule-api.js';

/** A rule's report and the finding it became on the diff. */
export interface Reported {
  rule: SqlRule;
  report: SqlReport;
  finding: FindingDraft;
}

/**
 * Drops the findings of rules that defer to a rewrite (tuning advice) on statements that also get a
 * high-severity rls finding: the statement must be rewritten anyway. The deferring report's
 * `inRewrite` sentence is added to the rewrite's message so the advice is not lost.
 */
export function resolveDeferred(items: readonly Reported[]): FindingDraft[] {
  // The first high rls finding of each statement carries the asides; it is copied, not mutated.
  const rewrites = new Map<number, FindingDraft>();
  const out = items.map((item) => {
    if (!isRewrite(item) || rewrites.has(item.report.stmt.id)) return item.finding;
    const copy = { ...item.finding };
    rewrites.set(item.report.stmt.id, copy);
    return copy;
  });
  return out.filter((finding, i) => {
    const item = items[i];
    const rewrite = item.rule.defersToRewrite ? rewrites.get(item.report.stmt.id) : undefined;
    if (!rewrite) return true;
    const aside = item.report.inRewrite;
    if (aside && !rewrite.message.includes(aside)) rewrite.message += ` ${aside}`;
    return false;
  });
}

function isRewrite({ rule, finding }: Reported): boolean {
  return rule.meta.category === 'rls' && finding.severity === 'high';
}
