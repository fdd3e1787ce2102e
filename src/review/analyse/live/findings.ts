import type { CommentableLines, FindingDraft } from '../../../domain/types.js';
import type { RuleMeta } from '../static/shared/rule.js';
import type { StatementFailure } from './replay.js';
import type { LiveStatement } from './statements.js';
import { ruleMeta } from '../../../catalog/index.js';

export const MIGRATION_FAILS: RuleMeta = ruleMeta('migration-fails');

/**
 * The line a finding about a statement goes on: where PostgreSQL pointed when that line is part of
 * the statement and was added, else the statement's first added line, else its first line.
 */
export function anchorLine(stmt: LiveStatement, lines: CommentableLines | undefined, position?: number): number {
  const added = lines?.added;
  if (position !== undefined) {
    const bytes = Buffer.byteLength(stmt.sql.slice(0, Math.max(0, position - 1)), 'utf8');
    const at = stmt.source.lineAt(stmt.start + bytes);
    if (at >= stmt.line && at <= stmt.endLine && (!added || added.has(at))) return at;
  }
  if (added?.has(stmt.line)) return stmt.line;
  for (let l = stmt.line; l <= stmt.endLine; l++) if (added?.has(l)) return l;
  return stmt.line;
}

export function failureFinding(params: { failure: StatementFailure; lines: CommentableLines | undefined; engine: string }): FindingDraft {
  const { failure, lines, engine } = params;
  const { stmt, error } = failure;
  const more = failure.followers ? ` ${failure.followers} later statement${failure.followers > 1 ? 's' : ''} of this migration failed too.` : '';
  const whole = stmt.source.transaction === 'file' ? ' The Supabase CLI rolls back the whole file.' : '';
  return {
    path: stmt.path,
    line: anchorLine(stmt, lines, error.position),
    category: MIGRATION_FAILS.category,
    severity: MIGRATION_FAILS.severity,
    rule: MIGRATION_FAILS.id,
    title: MIGRATION_FAILS.title,
    message:
      `Replaying the migrations into ${engine}, PostgreSQL refused this statement: \`ERROR: ${error.message}\`` +
      `${error.code ? ` (SQLSTATE ${error.code})` : ''}.${error.detail ? ` ${error.detail}` : ''} A deploy of this branch stops here.${whole}${more}`,
    source: 'live',
  };
}
