import type { AnalyzerContext } from '../shared/analyzer.js';
import type { FindingDraft } from '../../../domain/types.js';
import { anchorLine } from './findings.js';
import type { LintScope, LiveLint } from './lints/lint-api.js';
import { LIVE_LINTS } from './lints/registry.js';
import type { LiveSession } from './shared/session.js';
import type { LiveStatement } from './statements.js';
import type { Anchors } from './anchors.js';
import { loadPgParser } from '../static/parsers/pg-parser.js';
import { findTableUse, type PythonClientRoles } from '../static/support/key-usage.js';

/**
 * Runs every catalog lint over the head schema and keeps what is about objects the pull request
 * created or changed, each anchored on the statement that made it.
 */
export async function lintFindings(params: {
  ctx: AnalyzerContext;
  session: LiveSession;
  scope: LintScope;
  changed: ReadonlySet<string>;
  anchors: Anchors;
  checkBudget: () => void;
  pythonClientRoles?: PythonClientRoles;
}): Promise<FindingDraft[]> {
  const { ctx, session, scope, changed, anchors, checkBudget } = params;
  /** Findings about the cost of queries through the Data API, with the table they are about. */
  const throughApi = new Map<FindingDraft, string>();
  const linesOf = new Map(ctx.changeSet.files.map((f) => [f.path, f.lines]));
  const results = new Map<string, Record<string, unknown>[]>();
  const findings: FindingDraft[] = [];
  const tools = { parser: await loadPgParser() };
  for (const lint of LIVE_LINTS) {
    if (ctx.settings.rules?.[lint.meta.id] === 'off' || (lint.supabaseOnly && !scope.supabase)) continue;
    checkBudget();
    // Lints that share a query share its rows.
    let rows = results.get(lint.sql);
    if (!rows) {
      rows = (await session.query<Record<string, unknown>>(lint.sql, lint.sql.includes('$1') ? [scope.exposed] : [])).rows;
      results.set(lint.sql, rows);
    }
    for (const row of rows) {
      const report = lint.report(row, tools);
      if (!report) continue;
      const keys = report.keys.filter((k) => changed.has(k));
      if (!keys.length) continue;
      const stmt = anchorOf(lint, keys, anchors);
      if (!stmt) continue;
      const finding: FindingDraft = {
        path: stmt.path,
        line: anchorLine(stmt, linesOf.get(stmt.path)),
        category: lint.meta.category,
        severity: report.severity ?? lint.meta.severity,
        rule: lint.meta.id,
        title: lint.meta.title,
        message: report.message,
        source: 'live',
      };
      findings.push(finding);
      const table = lint.apiTable?.(row);
      if (table) throughApi.set(finding, table);
    }
  }
  if (!throughApi.size) return findings;
  // Only queries through the Data API pay a policy's cost: not a table the application reaches from the server alone.
  const use = await findTableUse(ctx.repo, [...new Set(throughApi.values())], params.pythonClientRoles);
  return findings.filter((f) => !throughApi.has(f) || use(throughApi.get(f)!) !== 'server');
}

/**
 * The latest statement that shaped one of the objects; a lint's preferred kinds of statement first
 * (the CREATE TABLE over a later GRANT), and only those when the lint insists (a grant lint).
 */
function anchorOf(lint: LiveLint, keys: readonly string[], anchors: Anchors): LiveStatement | undefined {
  const kinds = lint.anchorOn ?? lint.preferAnchorOn;
  const accept = kinds ? (s: LiveStatement) => kinds.includes(s.parsed?.tag ?? '') : undefined;
  const latest = (pick: (k: string) => LiveStatement | undefined) =>
    keys
      .map(pick)
      .filter((s): s is LiveStatement => !!s)
      .sort((a, b) => anchors.order(a) - anchors.order(b))
      .pop();
  return latest((k) => anchors(k, accept)) ?? (lint.anchorOn ? undefined : latest((k) => anchors(k)));
}
