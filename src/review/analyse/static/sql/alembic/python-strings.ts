import type { Node as TsNode } from 'web-tree-sitter';
import type { SourceSegment } from '../source/sql-source.js';

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

/** The static text a name inside an f-string stands for, or undefined when it is computed at run time. */
export type Interpolate = (name: TsNode) => SourceSegment[] | undefined;

/**
 * The value of a Python string literal (or implicitly concatenated literals) as pieces that know
 * their file line. An f-string counts when `interpolate` knows every name it interpolates (a
 * module constant); other f-strings and bytes literals are not static SQL: undefined.
 */
export function stringSegments(node: TsNode, interpolate?: Interpolate): SourceSegment[] | undefined {
  if (node.type === 'concatenated_string') {
    const out: SourceSegment[] = [];
    for (const child of node.namedChildren) {
      if (!child || child.type === 'comment') continue;
      const part = stringSegments(child, interpolate);
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
    if (child.type === 'interpolation') {
      const part = interpolated(child, interpolate);
      if (!part) return undefined;
      out.push(...part);
    } else if (child.type === 'string_content') out.push(...contentSegments(child, raw));
  }
  return out;
}

/** `{NAME}` without conversion or format spec, through `interpolate`, placed on the f-string's line. */
function interpolated(node: TsNode, interpolate: Interpolate | undefined): SourceSegment[] | undefined {
  const expr = node.childForFieldName('expression');
  if (!interpolate || !expr || expr.type !== 'identifier' || node.namedChildren.length !== 1) return undefined;
  const text = interpolate(expr)?.map((s) => s.text).join('');
  return text === undefined ? undefined : [{ text, line: node.startPosition.row + 1 }];
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
