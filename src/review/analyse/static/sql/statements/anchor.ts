import type { SqlStatement } from '../model/types.js';

/**
 * How far into a statement the place to fix may sit and still be commented on at the statement's
 * first line. A short statement reads as one unit from its opening line; further down a long one (a
 * 20-line function whose `security definer` follows the body, a policy written one clause a line)
 * the comment goes where the edit is to be made, so the reader does not have to hunt for it.
 */
const HEAD_LINES = 4;

/**
 * The byte offset a finding is anchored at: the statement's first token, or `fixAt` (where the
 * fix is written: the call to wrap, the option to complete) when that lies deep in a long statement.
 */
export function anchorOffset(stmt: SqlStatement, fixAt: number | undefined): number {
  if (fixAt === undefined) return stmt.start;
  return stmt.source.lineAt(fixAt) - stmt.line > HEAD_LINES ? fixAt : stmt.start;
}
