import type { ChangeSet, Finding, FindingDraft, Severity } from '../../domain/types.js';
import { CATEGORIES, SEVERITIES } from '../../domain/types.js';
import type { ReviewSettings } from '../../config/repo-config.js';
import { fingerprintOf } from './fingerprint.js';
import { combineSameLine } from './combine-same-line.js';
import { applySuppressions } from './suppressions.js';

export interface MergedFindings {
  /** Posted as inline comments, most severe first. */
  inline: Finding[];
  /** Not on a commentable line of the diff: listed in the summary. */
  offDiff: Finding[];
  /** Over `max_inline_comments`: listed in the summary, most severe first. */
  overflow: Finding[];
  /** Below `min_severity`: listed in the summary only. */
  belowThreshold: Finding[];
  /** Already posted on this PR in an earlier review (same fingerprint): not repeated. */
  repeated: Finding[];
  /** Every finding of this review after rule settings and dedupe (for counts, SARIF, the check run). */
  all: Finding[];
  /** Silenced by a `backend-agent: ignore` comment in the code. */
  suppressed: number;
}

const rank = (s: Severity) => SEVERITIES.indexOf(s);

export function compareFindings(a: Finding, b: Finding): number {
  return (
    rank(a.severity) - rank(b.severity) ||
    CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) ||
    a.path.localeCompare(b.path) ||
    a.line - b.line ||
    a.rule.localeCompare(b.rule)
  );
}

/** Applies `rules:` overrides: `off` drops the rule, a severity replaces the default. */
export function applyRuleSettings(drafts: readonly FindingDraft[], rules: ReviewSettings['rules']): FindingDraft[] {
  return drafts.flatMap((d) => {
    const override = rules[d.rule];
    if (override === 'off') return [];
    return [override ? { ...d, severity: override } : d];
  });
}

function isOnDiff(f: Finding, changeSet: ChangeSet): boolean {
  const file = changeSet.files.find((x) => x.path === f.path);
  if (!file) return false;
  const lines = f.side === 'LEFT' ? file.lines.left : file.lines.right;
  for (let l = f.line; l <= (f.endLine ?? f.line); l++) if (!lines.has(l)) return false;
  return true;
}

/** Adds side and fingerprint; a range that leaves the hunk is narrowed to its first line. */
function finalise(drafts: readonly FindingDraft[], changeSet: ChangeSet): Finding[] {
  const seen = new Map<string, number>();
  const texts = new Map(changeSet.files.map((f) => [f.path, f.content?.split('\n') ?? []]));
  return drafts.map((d) => {
    const side = d.side ?? 'RIGHT';
    const lines = side === 'RIGHT' ? texts.get(d.path) ?? [] : [];
    const end = d.endLine && d.endLine > d.line ? d.endLine : d.line;
    const code = lines.slice(d.line - 1, end).join('\n') || `${d.line}:${d.title}`;
    const base = fingerprintOf({ rule: d.rule, path: d.path, code });
    const occurrence = (seen.get(base) ?? 0) + 1;
    seen.set(base, occurrence);
    const finding: Finding = { ...d, side, fingerprint: fingerprintOf({ rule: d.rule, path: d.path, code, occurrence }) };
    if (finding.endLine !== undefined && finding.endLine <= finding.line) delete finding.endLine;
    return finding;
  });
}

function dedupe(findings: Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const f of [...findings].sort(compareFindings)) {
    const key = `${f.path}\0${f.side}\0${f.line}\0${f.rule}`;
    if (!byKey.has(key)) byKey.set(key, f);
  }
  return [...byKey.values()];
}

export interface MergeParams {
  drafts: readonly FindingDraft[];
  changeSet: ChangeSet;
  settings: ReviewSettings;
  /** Fingerprints already posted on this PR (from earlier reviews' hidden markers). */
  posted?: ReadonlySet<string>;
  /** Fingerprints open at the last reviewed head (from the summary's state). */
  previouslyOpen?: ReadonlySet<string>;
}

/**
 * In an incremental review, a finding that was already known at the last reviewed head and
 * sits on a line that did not change since is not news: it stays in the summary.
 */
function isNews(f: Finding, changeSet: ChangeSet, previouslyOpen?: ReadonlySet<string>): boolean {
  if (!changeSet.sinceSha || !previouslyOpen?.has(f.fingerprint)) return true;
  const since = changeSet.files.find((x) => x.path === f.path)?.lines.sinceLastReview;
  return !since || since.has(f.line);
}

/**
 * Keeps findings on commentable lines, fingerprints, dedupes, ranks and caps them. Nothing is
 * dropped silently: every finding that is not posted inline lands in one of the summary lists.
 */
export function mergeFindings(params: MergeParams): MergedFindings {
  const { changeSet, settings } = params;
  const { kept, suppressed } = applySuppressions(applyRuleSettings(params.drafts, settings.rules), changeSet);
  const all = dedupe(finalise(combineSameLine(kept), changeSet)).sort(compareFindings);
  const out: MergedFindings = { inline: [], offDiff: [], overflow: [], belowThreshold: [], repeated: [], all, suppressed: suppressed.length };
  const minRank = rank(settings.min_severity);
  for (const f of all) {
    if (!isOnDiff(f, changeSet)) {
      const narrowed = { ...f, endLine: undefined, suggestion: undefined };
      if (f.endLine && isOnDiff(narrowed, changeSet)) Object.assign(f, narrowed);
      else {
        out.offDiff.push(f);
        continue;
      }
    }
    if (params.posted?.has(f.fingerprint) || !isNews(f, changeSet, params.previouslyOpen)) out.repeated.push(f);
    else if (rank(f.severity) > minRank) out.belowThreshold.push(f);
    else if (out.inline.length >= settings.max_inline_comments) out.overflow.push(f);
    else out.inline.push(f);
  }
  return out;
}
