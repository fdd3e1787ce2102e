import type { Log as SarifLog, ReportingDescriptor, Result } from 'sarif';
import type { RuleMeta } from '../analyse/static/rule.js';
import type { ReviewReport } from '../report.js';
import type { Finding, Severity } from '../types.js';
import { CATEGORIES } from '../types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note' };
// GitHub code scanning ranks security alerts by this number (critical >= 9, high >= 7, medium >= 4).
const SECURITY_SEVERITY: Record<Severity, string> = { high: '8.0', medium: '5.0', low: '2.0' };
const INFO_URI = 'https://github.com/backend-agent/backend-agent';

/** The rules the persona's findings are filed under, one per category. */
export const AI_RULES: RuleMeta[] = CATEGORIES.map((category) => ({
  id: `ai-${category}`,
  category,
  severity: 'medium',
  title: `AI review: ${category}`,
  rationale: `A ${category} problem found by the backend-agent persona reviewing the diff on Claude.`,
}));

function sarifRule(rule: RuleMeta): ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: { text: rule.rationale, markdown: `**${rule.title}**\n\n${rule.rationale}${rule.anchors?.length ? `\n\nSee also: ${rule.anchors.join(', ')}.` : ''}` },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: [rule.category, ...(rule.category === 'security' || rule.category === 'rls' ? ['security'] : [])], 'security-severity': SECURITY_SEVERITY[rule.severity] },
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
          artifactLocation: { uri: f.path, uriBaseId: '%SRCROOT%' },
          region: { startLine: f.line, ...(f.endLine ? { endLine: f.endLine } : {}) },
        },
      },
    ],
    partialFingerprints: { 'backendAgent/v1': f.fingerprint },
    properties: { category: f.category, severity: f.severity, source: f.source },
  };
}

/** SARIF 2.1.0 that GitHub code scanning accepts: rules with help, locations, fingerprints. */
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
        results: report.merged.all.map((f) => sarifResult(f, index.get(f.rule)!)),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
