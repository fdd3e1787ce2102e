/**
 * SQL run through SQLAlchemy's `text()` (which `op.execute("...")` uses) marks bind parameters
 * `:name` and escapes a literal colon as `\:`; drivers take `%(name)s` and `%s`. PostgreSQL's
 * parser knows `$1`. Rewrites them outside quotes, comments and dollar-quoted bodies, keeping every
 * character's position so that lines still map back to the file.
 */
export function neutraliseBindParams(sql: string): string {
  const out = sql.split('');
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1] ?? '';
    if (c === '-' && next === '-') i = until(sql, '\n', i);
    else if (c === '/' && next === '*') i = until(sql, '*/', i);
    else if (c === "'" || c === '"') i = closeQuote(sql, i, c);
    else if (c === '$' && /[A-Za-z_$]/.test(next) && !/[\w$]/.test(sql[i - 1] ?? '')) i = dollarBody(sql, i);
    else if (c === '\\' && next === ':') {
      out[i] = ' ';
      i += 2;
    } else if (c === ':' && next !== ':' && sql[i - 1] !== ':' && /[A-Za-z_]/.test(next)) {
      i = placeholder(out, i, /[\w]/, sql);
    } else if (c === '%' && (next === 's' || next === '(')) {
      const end = next === 's' ? i + 2 : sql.indexOf(')s', i) + 2;
      if (end > i + 1) fill(out, i, end, sql);
      i = Math.max(end, i + 1);
    } else i++;
  }
  return out.join('');
}

function until(sql: string, close: string, from: number): number {
  const at = sql.indexOf(close, from + 2);
  return at < 0 ? sql.length : at + close.length;
}

function closeQuote(sql: string, open: number, quote: string): number {
  let i = open + 1;
  while (i < sql.length) {
    if (sql[i] === quote && sql[i + 1] === quote) i += 2;
    else if (sql[i] === quote) return i + 1;
    else i++;
  }
  return sql.length;
}

function dollarBody(sql: string, open: number): number {
  const tag = /^\$([A-Za-z_][\w]*)?\$/.exec(sql.slice(open, open + 64))?.[0];
  if (!tag) return open + 1;
  const close = sql.indexOf(tag, open + tag.length);
  return close < 0 ? sql.length : close + tag.length;
}

/** `:name` -> `$1` padded with spaces to the same length. */
function placeholder(out: string[], at: number, word: RegExp, sql: string): number {
  let end = at + 1;
  while (end < sql.length && word.test(sql[end])) end++;
  fill(out, at, end, sql);
  return end;
}

/**
 * `$1` in place of a placeholder; after `IN` it is a list the driver expands (an expanding `bindparam`, a tuple
 * psycopg adapts), so `($1)` when the placeholder is long enough to hold it.
 */
function fill(out: string[], from: number, to: number, sql: string): void {
  const list = /\bin\s*$/i.test(sql.slice(Math.max(0, from - 8), from)) && to - from >= 4;
  const text = list ? '($1)' : '$1';
  for (let k = from; k < to; k++) out[k] = text[k - from] ?? ' ';
}
