import type { FixedFinding } from '../report/report.js';
import type { SummaryState } from './summary-state.js';
import type { Finding } from '../../domain/types.js';

/** Findings open at the last reviewed head that are gone now: the push fixed them. */
export function findFixed(previousOpen: SummaryState['open'], current: readonly Finding[]): FixedFinding[] {
  const now = new Set(current.map((f) => f.fingerprint));
  return previousOpen
    .filter((p) => !now.has(p.fp))
    .map((p) => ({ fingerprint: p.fp, rule: p.rule, path: p.path, title: p.title, severity: p.severity, category: p.category }));
}
