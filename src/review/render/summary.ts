import { incompleteReasons, type ReviewReport } from '../report/report.js';
import type { Finding } from '../../domain/types.js';
import { CATEGORIES, SEVERITIES } from '../../domain/types.js';
import { buildFixPlan } from './fix-plan.js';
import { code, location, neutralise, plural } from '../shared/markdown.js';
import { SUMMARY_MARKER, stateMarker } from '../memory/markers.js';
import { summaryState, type SummaryState } from '../memory/summary-state.js';
import { renderAnalyzerFooter } from './analyzer-footer.js';

const MAX_LISTED = 50;
const MAX_SKIPPED_LISTED = 200;
/** GitHub refuses comment bodies over 65,536 characters; stay clear of it. */
export const MAX_SUMMARY_CHARS = 60_000;

function countTable(findings: readonly Finding[]): string {
  const rows = CATEGORIES.map((cat) => {
    const counts = SEVERITIES.map((sev) => findings.filter((f) => f.category === cat && f.severity === sev).length);
    return { cat, counts, total: counts.reduce((a, b) => a + b, 0) };
  }).filter((r) => r.total > 0);
  const header = `| category | ${SEVERITIES.join(' | ')} |\n|---|${SEVERITIES.map(() => '---:').join('|')}|`;
  return [header, ...rows.map((r) => `| ${r.cat} | ${r.counts.map((n) => (n ? String(n) : '·')).join(' | ')} |`)].join('\n');
}

function listFindings(findings: readonly Finding[]): string {
  const lines = findings.slice(0, MAX_LISTED).map((f) => `- ${location(f.path, f.line)} **${f.severity} · ${f.category}** ${code(f.rule)}: ${neutralise(f.title)}. ${neutralise(f.message)}`);
  if (findings.length > MAX_LISTED) lines.push(`- … and ${findings.length - MAX_LISTED} more.`);
  return lines.join('\n');
}

function section(title: string, body: string, collapsed = false): string {
  return collapsed ? `<details><summary>${title}</summary>\n\n${body}\n\n</details>` : `### ${title}\n\n${body}`;
}

function headline(report: ReviewReport): string {
  const { changeSet, merged } = report;
  const all = merged.all;
  const scope = `${plural(changeSet.files.length, 'backend file')} of ${plural(changeSet.totalFiles, 'changed file')}`;
  const since = changeSet.sinceSha ? `, changes since ${code(changeSet.sinceSha.slice(0, 7))}` : '';
  if (all.length === 0 && incompleteReasons(report).length) return `Reviewed ${code(changeSet.headSha.slice(0, 7))} (${scope}${since}): no findings in what could be analysed.`;
  if (all.length === 0) return `Reviewed ${code(changeSet.headSha.slice(0, 7))} (${scope}${since}): no async, security, RLS or query problems found in the changed lines.`;
  const bySeverity = SEVERITIES.map((s) => [s, all.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const posted = merged.inline.length ? `; ${plural(merged.inline.length, 'new inline comment')}` : '';
  return `Reviewed ${code(changeSet.headSha.slice(0, 7))} (${scope}${since}): **${plural(all.length, 'finding')}** (${bySeverity.join(', ')})${posted}.`;
}

/** The one summary comment: counts, plan, what is not inline, what was skipped, and how. */
export function renderSummary(report: ReviewReport): string {
  const { changeSet, merged } = report;
  const parts = [SUMMARY_MARKER, '## backend-agent review', headline(report)];
  const incomplete = incompleteReasons(report);
  if (incomplete.length) parts.push(`> [!WARNING]\n> **This review is incomplete**, so the findings below may not be all there is:\n${incomplete.map((r) => `> - ${neutralise(r)}`).join('\n')}`);
  if (merged.all.length) parts.push(countTable(merged.all));
  const llmPlan = report.runs.find((r) => r.plan?.length)?.plan;
  const plan = llmPlan?.map((step) => neutralise(step)) ?? buildFixPlan(merged.all);
  if (plan.length) parts.push(section('Fix plan', plan.map((s, i) => `${i + 1}. ${s}`).join('\n')));
  const overview = report.runs.find((r) => r.overview)?.overview;
  if (overview) parts.push(neutralise(overview));
  if (merged.offDiff.length) parts.push(section(`Not on the diff (${merged.offDiff.length})`, listFindings(merged.offDiff)));
  if (report.rejected.length) parts.push(section(`Refused by GitHub as inline comments (${report.rejected.length})`, listFindings(report.rejected)));
  if (report.late?.length) parts.push(section(`Not posted inline: this commit's review was already posted (${report.late.length})`, listFindings(report.late)));
  if (merged.overflow.length) parts.push(section(`Over the inline comment limit (${merged.overflow.length})`, listFindings(merged.overflow)));
  if (merged.belowThreshold.length) parts.push(section(`Below the minimum severity (${merged.belowThreshold.length})`, listFindings(merged.belowThreshold), true));
  if (merged.repeated.length) parts.push(section(`Still open from earlier reviews (${merged.repeated.length})`, listFindings(merged.repeated), true));
  if (report.fixed.length) {
    parts.push(section(`Fixed since the last review (${report.fixed.length})`, report.fixed.map((f) => `- ✅ ${code(f.path)} ${code(f.rule)}: ${neutralise(f.title)}`).join('\n')));
  }
  // Every changed file that was not reviewed, backend or not, in one collapsed list.
  const notReviewedFiles = [...changeSet.skipped, ...(changeSet.others ?? [])].sort((a, b) => a.path.localeCompare(b.path));
  const skipped = notReviewedFiles.slice(0, MAX_SKIPPED_LISTED).map((s) => `- ${code(s.path)}: ${s.reason}`);
  if (notReviewedFiles.length > MAX_SKIPPED_LISTED) skipped.push(`- … and ${notReviewedFiles.length - MAX_SKIPPED_LISTED} more.`);
  if (changeSet.truncated) skipped.unshift(`- GitHub lists at most 3,000 files per pull request; files beyond that were not reviewed (${changeSet.totalFiles} listed).`);
  if (skipped.length) parts.push(section(`Skipped (${notReviewedFiles.length + (changeSet.truncated ? 1 : 0)})`, skipped.join('\n'), true));
  const notes = [...report.notes, ...report.runs.flatMap((r) => r.notes ?? [])].map((n) => `- ${n.path ? location(n.path, n.line ?? 1) + ' ' : ''}${neutralise(n.message)}`);
  const notReviewed = report.runs.flatMap((r) => r.notReviewed ?? []).map((n) => `- ${code(n.path)}: ${n.reason}`);
  if (merged.suppressed) notes.push(`- ${plural(merged.suppressed, 'finding')} silenced by suppression comments in the code (\`backend-agent: ignore\`, or a security linter's \`nosec\` / \`noqa: S…\` / \`nosemgrep\` on the same check).`);
  if (notes.length || notReviewed.length) parts.push(section('Notes', [...notes, ...notReviewed].join('\n')));
  if (report.configProblems.length) {
    const wholeFile = report.configProblems.some((p) => /is not valid YAML|expected a mapping|could not be used/.test(p));
    const outcome = wholeFile ? 'The review ran with the default settings, without the AI review (the file may opt out of it).' : 'Invalid values fell back to their defaults and unknown keys were ignored; the rest of the file applies.';
    parts.push(section('Configuration problems', `${report.configProblems.map((p) => `- ${neutralise(p)}`).join('\n')}\n\n${outcome}`));
  }
  parts.push('---', renderAnalyzerFooter(report.runs));
  return fitToLimit(parts, summaryState(report));
}

/**
 * Keeps the comment under GitHub's size limit: the remembered findings shrink first (most severe
 * kept), then the longest sections are cut with a note. The markers always survive.
 */
function fitToLimit(parts: string[], state: SummaryState): string {
  const join = (state: SummaryState) => [...parts, stateMarker(state)].join('\n\n');
  let body = join(state);
  while (body.length > MAX_SUMMARY_CHARS && state.open.length > 0) {
    state = { ...state, open: state.open.slice(0, Math.floor(state.open.length * 0.75)) };
    body = join(state);
  }
  while (body.length > MAX_SUMMARY_CHARS) {
    const longest = parts.reduce((best, p, i) => (p.length > parts[best].length ? i : best), 0);
    const keep = Math.max(200, parts[longest].length - (body.length - MAX_SUMMARY_CHARS) - 200);
    parts[longest] = `${parts[longest].slice(0, keep)}\n\n… (cut to fit GitHub's comment size limit)`;
    body = join(state);
  }
  return body;
}
