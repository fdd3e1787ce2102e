import type { CommentableLines, FindingDraft } from '../../../../domain/types.js';
import type { SqlReport, SqlRule } from './rules/support/rule-api.js';
import { anchorOffset } from './statements/anchor.js';

/**
 * Turns a rule's report into a finding on an added line: the anchor (the statement's first line,
 * or the place to fix deep in a long statement, see anchorOffset) when the PR added it, else the
 * statement's first line or the focus (the clause or column at fault), whichever the PR added.
 * Anything else is a problem the pull request did not write, and yields nothing.
 */
export function toFinding(params: { rule: SqlRule; report: SqlReport; lines: CommentableLines | undefined }): FindingDraft | undefined {
  const { rule, report, lines } = params;
  const { stmt } = report;
  if (!lines) return undefined;
  const line = anchorLine(report, lines.added);
  if (line === undefined) return undefined;
  const finding: FindingDraft = {
    path: stmt.path,
    line,
    side: 'RIGHT',
    category: rule.meta.category,
    severity: report.severity ?? rule.meta.severity,
    rule: rule.meta.id,
    title: report.title ?? rule.meta.title,
    message: report.message,
    source: 'static',
  };
  const edit = report.edit;
  if (edit && edit.fromLine === line && allCommentable(lines.right, edit.fromLine, edit.toLine)) {
    finding.suggestion = edit.text;
    if (edit.toLine > edit.fromLine) finding.endLine = edit.toLine;
  }
  return finding;
}

function anchorLine(report: SqlReport, added: ReadonlySet<number>): number | undefined {
  const { stmt } = report;
  const anchor = report.atFocus && report.focus !== undefined ? stmt.source.lineAt(report.focus) : stmt.source.lineAt(anchorOffset(stmt, report.focusIsFix ? report.focus : undefined));
  if (added.has(anchor)) return anchor;
  if (added.has(stmt.line)) return stmt.line;
  if (report.focus !== undefined) {
    const focusLine = stmt.source.lineAt(report.focus);
    if (added.has(focusLine)) return focusLine;
  }
  return undefined;
}

function allCommentable(right: ReadonlySet<number>, from: number, to: number): boolean {
  for (let l = from; l <= to; l++) if (!right.has(l)) return false;
  return true;
}
