import type { LineEdit } from './rule-api.js';
import type { SqlSource } from '../../source/sql-source.js';

/** A byte range of a source and the text to put there. */
export interface Replacement {
  start: number;
  end: number;
  text: string;
}

/**
 * The whole lines from `from` to the last replacement, rewritten: a suggestion block that starts on
 * the statement's first line. Only for verbatim sources (a .sql file), where SQL bytes are file bytes.
 */
export function editLines(params: { source: SqlSource; from: number; replacements: Replacement[] }): LineEdit | undefined {
  const { source, from, replacements } = params;
  if (!source.verbatim || replacements.length === 0) return undefined;
  const sorted = [...replacements].sort((a, b) => a.start - b.start);
  const bytes = source.bytes;
  const lineStart = bytes.lastIndexOf(10, from - 1) + 1;
  const lastEnd = sorted[sorted.length - 1].end;
  const newline = bytes.indexOf(10, lastEnd);
  const lineEnd = newline < 0 ? bytes.length : newline;
  let text = '';
  let at = lineStart;
  for (const r of sorted) {
    text += bytes.subarray(at, r.start).toString('utf8') + r.text;
    at = r.end;
  }
  text += bytes.subarray(at, lineEnd).toString('utf8');
  return { fromLine: source.lineAt(lineStart), toLine: source.lineAt(Math.max(lineStart, lineEnd - 1)), text: text.replace(/\r$/, '') };
}

/** The byte just past a function call that starts at `start` (`auth.uid()`, `current_setting('a', true)`). */
export function callEnd(bytes: Buffer, start: number): number {
  let i = bytes.indexOf(40, start); // "("
  if (i < 0) return start;
  let depth = 0;
  for (; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 39 || c === 34) {
      const close = bytes.indexOf(c, i + 1);
      i = close < 0 ? bytes.length : close;
    } else if (c === 40) depth++;
    else if (c === 41 && --depth === 0) return i + 1;
  }
  return bytes.length;
}
