// The code corpus key usage searches: one file, its top-level classes, and line numbers.

/** One file of the corpus. */
export interface Source {
  path: string;
  text: string;
  migration: boolean;
  /** Scripts, CLIs, seeds and backfills: run by an operator now and then, their lookups say nothing of the app's. */
  oneOff?: boolean;
  classes?: { name: string; start: number; end: number }[];
}

/** `path:line` of an offset in a source. */
export function lineOf(source: Source, at: number): string {
  return `${source.path}:${source.text.slice(0, at).split('\n').length}`;
}

/** The top-level classes of a Python module, with the span of their bodies (memoised per source). */
export function classBodies(source: Source): { name: string; start: number; end: number }[] {
  if (!source.classes) {
    source.classes = [];
    for (const m of source.text.matchAll(CLASS_BLOCK)) {
      const end = m.index + m[0].length;
      source.classes.push({ name: m[1], start: end - m[2].length, end });
    }
  }
  return source.classes;
}

/** A top-level class and its indented body; its bases may span lines (`class Checkout(\n    Mixin, Base\n):`). */
const CLASS_BLOCK = /^class\s+(\w+)\b(?:\s*\((?:[^()]|\([^()]*\))*\))?[^\n]*:\s*\n((?:[ \t]+[^\n]*\n|[ \t]*\n)*)/gm;

/** Where the function around `at` begins: its `def` line (the start of the file when there is none). */
export function functionStart(text: string, at: number): number {
  let start = 0;
  for (const m of text.slice(0, at).matchAll(/^[ \t]*(?:async\s+)?def\s/gm)) start = m.index;
  return start;
}

/**
 * The logical Python statement around `at`: from the last line that starts outside any bracket to the first
 * line end after `at` outside any bracket, read from the enclosing `def` (a statement start) on, past strings
 * and comments. A comparison on its own line inside `.where(\n  A.x == x,\n  A.key == k,\n)` belongs to the
 * whole `query = (select(A).where(...))`, never to the previous function.
 */
export function statementAt(text: string, at: number): [number, number] {
  let depth = 0;
  let start = functionStart(text, at);
  let i = start;
  const step = (): void => {
    const ch = text[i];
    if (ch === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      return;
    }
    if (ch === '"' || ch === "'") {
      const quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j)) {
        // An unterminated one-line string ends with its line: the scan never runs away.
        if (quote.length === 1 && text[j] === '\n') break;
        j += text[j] === '\\' ? 2 : 1;
      }
      i = Math.min(text.length, j + quote.length);
      return;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    else if (ch === '\\' && text[i + 1] === '\n') i++;
    i++;
  };
  while (i < at) {
    if (text[i] === '\n' && depth === 0) start = i + 1;
    step();
  }
  while (i < text.length && !(text[i] === '\n' && depth === 0)) step();
  return [start, Math.min(i, text.length)];
}

/** The text inside the bracket opening at `open` (`(`, `[` or `{`), to its matching close or the end of the text. */
export function bracketed(text: string, open: number): string {
  const closing = { '(': ')', '[': ']', '{': '}' }[text[open] as '(' | '[' | '{'];
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === text[open]) depth++;
    else if (text[i] === closing && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}
