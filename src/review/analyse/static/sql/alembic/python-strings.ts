import type { Node as TsNode } from 'web-tree-sitter';
import type { SourceSegment } from '../source/sql-source.js';

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

/**
 * The value of a Python string literal (or implicitly concatenated literals) as pieces that know
 * their file line. Undefined for f-strings with interpolations and bytes literals: not static SQL.
 */
export function stringSegments(node: TsNode): SourceSegment[] | undefined {
  if (node.type === 'concatenated_string') {
    const out: SourceSegment[] = [];
    for (const child of node.namedChildren) {
      const part = child && stringSegments(child);
      if (!part) return undefined;
      out.push(...part);
    }
    return out;
  }
  if (node.type !== 'string') return undefined;
  const prefix = (node.firstChild?.text ?? '').replace(/['"]+$/, '').toLowerCase();
  if (prefix.includes('b')) return undefined;
  const raw = prefix.includes('r');
  const out: SourceSegment[] = [];
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'interpolation') return undefined;
    if (child.type === 'string_content') out.push(...contentSegments(child, raw));
  }
  return out;
}

/** Splits a string_content at its escape sequences, decoding them unless the string is raw. */
function contentSegments(content: TsNode, raw: boolean): SourceSegment[] {
  const text = content.text;
  const base = content.startIndex;
  const row = content.startPosition.row + 1;
  const lineOf = (at: number) => row + countNewlines(text.slice(0, at));
  const out: SourceSegment[] = [];
  let at = 0;
  for (const esc of raw ? [] : content.namedChildren) {
    if (!esc || esc.type !== 'escape_sequence') continue;
    const start = esc.startIndex - base;
    if (start > at) out.push({ text: text.slice(at, start), line: lineOf(at) });
    out.push({ text: decodeEscape(esc.text), line: lineOf(start) });
    at = esc.endIndex - base;
  }
  if (at < text.length) out.push({ text: text.slice(at), line: lineOf(at) });
  return out;
}

function decodeEscape(seq: string): string {
  const c = seq[1] ?? '';
  if (c in ESCAPES) return ESCAPES[c];
  if (c === '\n') return ''; // line continuation
  if (c === 'x' || c === 'u' || c === 'U') return String.fromCodePoint(parseInt(seq.slice(2), 16) || 0xfffd);
  return seq;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
