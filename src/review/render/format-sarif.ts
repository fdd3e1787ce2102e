import type { Invocation, Log as SarifLog, Notification, ReportingDescriptor, Result } from 'sarif';
import type { RuleMeta } from '../analyse/static/shared/rule.js';
import type { Category, Finding, Severity } from '../../domain/types.js';
import { CATEGORIES } from '../../domain/types.js';
import { incompleteReasons, type ReviewReport } from '../report/report.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note' };
// GitHub code scanning ranks security alerts by this number (critical >= 9, high >= 7, medium >= 4)
// and reads it only on rules tagged "security".
const SECURITY_SEVERITY: Record<Severity, string> = { high: '8.0', medium: '5.0', low: '2.0' };
const SECURITY_CATEGORIES: readonly Category[] = ['security', 'rls'];
const INFO_URI = 'https://github.com/backend-agent/backend-agent';
/** Code scanning keeps one set of alerts per category: a stable id keeps them across runs. */
export const SARIF_AUTOMATION_ID = 'backend-agent/';
/** The key of the finding's fingerprint (rule, path and code, not the line) in partialFingerprints. */
export const SARIF_FINGERPRINT_KEY = 'backendAgent/v1';

/** The rules the persona's findings are filed under, one per category. */
export const AI_RULES: RuleMeta[] = CATEGORIES.map((category) => ({
  id: `ai-${category}`,
  category,
  severity: 'medium',
  title: `AI review: ${category}`,
  rationale: `A problem of the ${category} category found by the backend-agent persona reviewing the diff on Claude. The finding's message says what to change.`,
}));

const pascalCase = (id: string) => id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

function sarifRule(rule: RuleMeta): ReportingDescriptor {
  const security = SECURITY_CATEGORIES.includes(rule.category);
  const seeAlso = rule.anchors?.length ? `\n\nSee also: ${rule.anchors.join(', ')}.` : '';
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    // The rationale says why and how to fix it: code scanning shows it under "Show more".
    help: { text: `${rule.rationale}${seeAlso}`, markdown: `**${rule.title}**\n\n${rule.rationale}${seeAlso}` },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: security && rule.category !== 'security' ? [rule.category, 'security'] : [rule.category],
      ...(security ? { 'security-severity': SECURITY_SEVERITY[rule.severity] } : {}),
      precision: rule.id.startsWith('ai-') ? 'medium' : 'high',
    },
  };
}

function sarifResult(f: Finding, ruleIndex: number): Result {
  return {
    ruleId: f.rule,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: `${f.title}. ${f.message}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodePath(f.path), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.line, ...(f.endLine && f.endLine > f.line ? { endLine: f.endLine } : {}) },
        },
      },
    ],
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: f.fingerprint },
    properties: { category: f.category, severity: f.severity, source: f.source, side: f.side },
  };
}

/** A repository path as a relative URI reference (spaces and other reserved characters escaped). */
function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** What kept the run from being complete, and what it did not read: never a clean-looking log. */
function invocation(report: ReviewReport): Invocation {
  const reasons = incompleteReasons(report);
  const note = (text: string, level: Notification['level']): Notification => ({ message: { text }, level });
  const notifications: Notification[] = [
    ...reasons.map((r) => note(r, 'error')),
    ...report.changeSet.skipped.map((s) => note(`Skipped ${s.path}: ${s.reason}`, 'note')),
    ...[...report.notes, ...report.runs.flatMap((r) => r.notes ?? [])].map((n) => note(`${n.path ? `${n.path}${n.line ? `:${n.line}` : ''}: ` : ''}${n.message}`, 'warning')),
  ];
  return { executionSuccessful: reasons.length === 0, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) };
}

/**
 * SARIF 2.1.0 that the reference validator (Microsoft's sarif-multitool) accepts without errors or
 * warnings and that GitHub code scanning reads: rules with help and security severity, stable
 * fingerprints, and a stable automation id.
 */
export function formatSarif(report: ReviewReport, rules: readonly RuleMeta[], version: string): string {
  const known = new Map([...rules, ...AI_RULES].map((r) => [r.id, r]));
  for (const f of report.merged.all) {
    if (!known.has(f.rule)) known.set(f.rule, { id: f.rule, category: f.category, severity: f.severity, title: f.title, rationale: f.message });
  }
  const ordered = [...known.values()];
  const index = new Map(ordered.map((r, i) => [r.id, i]));
  const sarif: SarifLog = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'backend-agent', informationUri: INFO_URI, semanticVersion: version, version, rules: ordered.map(sarifRule) } },
        automationDetails: { id: SARIF_AUTOMATION_ID },
        invocations: [invocation(report)],
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The root of the git repository that was reviewed.' } } },
        results: report.merged.all.map((f) => sarifResult(f, index.get(f.rule)!)),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
