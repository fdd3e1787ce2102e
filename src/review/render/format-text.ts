import { incompleteReasons, type ReviewReport } from '../report/report.js';
import type { Finding } from '../../domain/types.js';

const COLOURS = { high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

/** The CLI's human format: findings grouped by file, coloured on a TTY. */
export function formatText(report: ReviewReport, colour: boolean): string {
  const paint = (c: keyof typeof COLOURS, s: string) => (colour ? `${COLOURS[c]}${s}${COLOURS.reset}` : s);
  const byFile = new Map<string, Finding[]>();
  for (const f of report.merged.all) byFile.set(f.path, [...(byFile.get(f.path) ?? []), f]);
  const out: string[] = [];
  for (const [path, findings] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(paint('bold', path));
    for (const f of findings.sort((a, b) => a.line - b.line)) {
      out.push(`  ${String(f.line).padStart(5)}  ${paint(f.severity, f.severity.padEnd(6))} ${f.category.padEnd(8)} ${f.title} ${paint('dim', `[${f.rule}]`)}`);
      out.push(`         ${f.message.replace(/\n/g, '\n         ')}`);
      if (f.suggestion !== undefined) out.push(paint('dim', `         suggestion: ${f.suggestion.trim()}`));
    }
    out.push('');
  }
  const { changeSet, merged } = report;
  for (const s of changeSet.skipped) out.push(paint('dim', `skipped ${s.path}: ${s.reason}`));
  for (const r of report.runs) {
    for (const n of r.notes ?? []) out.push(paint('dim', `note ${n.path ? `${n.path}:${n.line ?? 1} ` : ''}${n.message}`));
    if (r.detail) out.push(paint('dim', `${r.name}: ${r.detail}`));
  }
  out.push(`${merged.all.length} finding(s) in ${changeSet.files.length} backend file(s) of ${changeSet.totalFiles} changed.`);
  const incomplete = incompleteReasons(report);
  if (incomplete.length) out.push(paint('high', `Incomplete review: ${incomplete.join('; ')}.`));
  return `${out.join('\n')}\n`;
}
