/**
 * Splits SQL text into statements at top-level semicolons, respecting quotes, dollar-quoting,
 * comments and `BEGIN ATOMIC ... END` bodies. Used only when a whole file does not parse, so one
 * bad statement does not hide the others (libpg-query rejects the whole string). An unterminated
 * quote swallows the rest of the text into one chunk, which then fails alone.
 * Returns [start, end) character ranges.
 */
export function splitStatements(sql: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  let i = 0;
  let atomicDepth = 0;
  let lastWord = '';
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    } else if (c === '/' && next === '*') {
      i = skipBlockComment(sql, i);
    } else if (c === "'") {
      i = skipQuoted(sql, i, "'", isEscapeString(sql, i));
    } else if (c === '"') {
      i = skipQuoted(sql, i, '"', false);
    } else if (c === '$' && !isIdentChar(sql[i - 1])) {
      i = skipDollarQuoted(sql, i);
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentChar(sql[j])) j++;
      const word = sql.slice(i, j).toLowerCase();
      if (word === 'atomic' && lastWord === 'begin') atomicDepth++;
      else if (atomicDepth > 0 && word === 'case') atomicDepth++;
      else if (atomicDepth > 0 && word === 'end') atomicDepth--;
      lastWord = word;
      i = j;
    } else if (c === ';' && atomicDepth === 0) {
      out.push([start, i]);
      start = i + 1;
      i++;
    } else {
      if (!/\s/.test(c)) lastWord = '';
      i++;
    }
  }
  out.push([start, n]);
  return out.filter(([s, e]) => hasContent(sql.slice(s, e)));
}

function isIdentStart(c: string | undefined): boolean {
  return !!c && /[A-Za-z_\u0080-\uffff]/.test(c);
}

function isIdentChar(c: string | undefined): boolean {
  return !!c && /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
}

/** E'...' strings treat backslash as an escape. */
function isEscapeString(sql: string, quote: number): boolean {
  const prev = sql[quote - 1];
  return (prev === 'e' || prev === 'E') && !isIdentChar(sql[quote - 2]);
}

function skipQuoted(sql: string, open: number, quote: string, backslash: boolean): number {
  let i = open + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslash && c === '\\') i += 2;
    else if (c === quote && sql[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  return sql.length;
}

function skipDollarQuoted(sql: string, open: number): number {
  const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(open, open + 64));
  if (!m) return open + 1; // $1 parameter or a lone dollar
  const tag = m[0];
  const close = sql.indexOf(tag, open + tag.length);
  return close < 0 ? sql.length : close + tag.length;
}

function skipBlockComment(sql: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return sql.length;
}

/** True when the chunk has something besides whitespace and comments. */
function hasContent(chunk: string): boolean {
  return chunk.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim().length > 0;
}
