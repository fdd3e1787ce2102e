// What else a lookup by a foreign key filters on: when every lookup also filters on a column an index
// leads with, that index serves them, and an index on the key itself would only duplicate it.
import { escapeRegExp as escape } from './names.js';
import { bracketed, functionStart, statementAt, type Source } from './key-usage-source.js';
import type { KeyCandidate, UsageSite } from './key-usage-search.js';

/**
 * The other columns the lookup at `site` filters on in the same query: the statement's own filters
 * (`filter_by(blog_id=b, user_id=u)`, `.eq("type", t).eq("dao_id", d)`), the unconditional filters an
 * incremental builder applied before it (`query = query.eq(...)`), and, for an optional filter
 * (`if filters.agent_id is not None: query = query.eq("agent_id", ...)`), what the callers set with it on
 * the filter object. Null when unknown (a generic use, SQL, a filter built from a dict): the lookup may
 * be by the key alone. `dead` when it is an optional filter that no caller ever sets.
 */
export function alongsideOf(site: UsageSite, c: KeyCandidate, texts: readonly Source[], classes: readonly string[]): string[] | null | 'dead' {
  if (site.kind !== 'filter' || !site.source.path.endsWith('.py')) return null;
  const { text } = site.source;
  const [start, end] = statementAt(text, site.at);
  const stmt = text.slice(start, end);
  if (/\*\*/.test(stmt)) return null;
  const names = new Set([c.column, c.attr ?? c.column]);
  const found = new Set(filtersIn(stmt, classes));
  for (const f of builderFilters(text, start, stmt, classes)) found.add(f);
  const condition = guardOf(text, start);
  if (condition && names.has(condition.attr)) {
    const cls = parameterClass(text, start, condition.receiver);
    if (cls) {
      const callers = callerFilters(texts, cls, names);
      if (callers === null) return null;
      if (!callers.length) return 'dead';
      // Every caller's own set, with what the query always filters on: the intersection is what all share.
      const sets = callers.map((set) => new Set([...set, ...found]));
      return without([...sets[0]].filter((x) => sets.every((s) => s.has(x))), names);
    }
  }
  const out = without([...found], names);
  return out.length ? out : null;
}

function without(list: string[], names: ReadonlySet<string>): string[] {
  return list.filter((x) => !names.has(x));
}

/**
 * Columns a statement filters on: supabase `.eq("x", ...)`, `.filter("x", "eq", ...)`, `.match({"x": ...})`,
 * `filter_by(x=...)`, `Model.x == ...` in a filter. A column inside an `or_(...)` is one alternative, not a
 * filter every row found satisfies: it is left out.
 */
function filtersIn(statement: string, classes: readonly string[]): string[] {
  const stmt = withoutDisjunctions(statement);
  const out: string[] = [];
  for (const m of stmt.matchAll(/\.(?:eq|in_|is_|gte?|lte?|contains)\(\s*["'`](\w+)["'`]/g)) out.push(m[1]);
  for (const m of stmt.matchAll(/\.filter\(\s*["'`](\w+)["'`]\s*,\s*["'`](?:eq|in|is|gte?|lte?|cs)["'`]/g)) out.push(m[1]);
  for (const m of stmt.matchAll(/\.match\(\s*\{/g)) {
    for (const k of bracketed(stmt, m.index + m[0].length - 1).matchAll(/(?:^|,)\s*["'`](\w+)["'`]\s*:/g)) out.push(k[1]);
  }
  for (const m of stmt.matchAll(/\b(?:filter_by|get_by|find_by)\(/g)) out.push(...keywordsOf(bracketed(stmt, m.index + m[0].length - 1)));
  if (classes.length && /\.(?:filter|where)\(/.test(stmt)) {
    const re = new RegExp(`\\b(?:${classes.map(escape).join('|')})\\.(\\w+)\\s*(?:==|\\.in_\\(|\\.is_\\()`, 'g');
    for (const m of stmt.matchAll(re)) out.push(m[1]);
  }
  return out;
}

/** The statement with the arguments of every `or_(...)` blanked out. */
function withoutDisjunctions(stmt: string): string {
  let out = stmt;
  for (let m = /\bor_\(/.exec(out); m; m = /\bor_\(/.exec(out)) {
    const open = m.index + m[0].length - 1;
    const inner = bracketed(out, open);
    out = `${out.slice(0, m.index)}${' '.repeat(m[0].length + inner.length + 1)}${out.slice(open + inner.length + 2)}`;
  }
  return out;
}

/** The keyword arguments of a call's argument text, at its own level, that are not given `None`. */
function keywordsOf(args: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < args.length; i++) {
    if ('([{'.includes(args[i])) depth++;
    else if (')]}'.includes(args[i])) depth--;
    else if (args[i] === ',' && depth === 0) {
      parts.push(args.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(args.slice(from));
  return parts.flatMap((p) => {
    const m = /^\s*(\w+)\s*=(?!=)\s*([\s\S]*?)\s*$/.exec(p);
    return m && m[2] !== 'None' ? [m[1]] : [];
  });
}

/**
 * An incremental builder (`query = query.eq(...)`, or `query.filter(...)` on a builder that filters in place):
 * the filters the same variable received before, at the indentation of its first assignment in the function
 * (not inside an `if`).
 */
function builderFilters(text: string, start: number, stmt: string, classes: readonly string[]): string[] {
  const v = /^\s*(\w+)\s*=\s*(\w+)\b/.exec(stmt);
  const name = v ? (v[1] === v[2] ? v[1] : null) : /^\s*(\w+)\.\w+\(/.exec(stmt)?.[1];
  if (!name || name === 'self' || name === 'cls') return [];
  const body = text.slice(functionStart(text, start), start);
  const assign = new RegExp(`^([ \\t]*)${escape(name)}\\s*(?::[^=\\n]+)?=(?!=)`, 'gm');
  let base: string | undefined;
  const out: string[] = [];
  for (const m of body.matchAll(assign)) {
    base ??= m[1];
    if (m[1] !== base) continue;
    const [s, e] = statementAt(body, m.index + m[1].length);
    out.push(...filtersIn(body.slice(s, e), classes));
  }
  return out;
}

/** `if filters.agent_id is not None:` / `if filters.agent_id:` directly above the statement at `start`. */
function guardOf(text: string, start: number): { receiver: string; attr: string } | null {
  const indent = /^[ \t]*/.exec(text.slice(start))![0].length;
  const lines = text.slice(0, start).split('\n').reverse();
  for (const line of lines) {
    if (!line.trim()) continue;
    const own = /^[ \t]*/.exec(line)![0].length;
    if (own >= indent) continue;
    const m = /^\s*(?:el)?if\s+(\w+)\.(\w+)(?:\s+is\s+not\s+None)?\s*:\s*$/.exec(line);
    return m ? { receiver: m[1], attr: m[2] } : null;
  }
  return null;
}

/** The class a parameter of the enclosing function is annotated with (`filters: Optional["VoteFilter"] = None`). */
function parameterClass(text: string, start: number, param: string): string | null {
  const def = functionStart(text, start);
  const open = text.indexOf('(', def);
  if (!/\bdef\s/.test(text.slice(def, open))) return null;
  const params = bracketed(text, open);
  const m = new RegExp(`(?:^|[,(\\s])${escape(param)}\\s*:\\s*([^=,]+(?:\\[[^\\]]*\\])?)`).exec(params);
  if (!m) return null;
  const names = [...m[1].matchAll(/\b([A-Z]\w*)\b/g)].map((x) => x[1]).filter((n) => !TYPING.has(n));
  return names.length === 1 ? names[0] : null;
}

const TYPING = new Set(['Optional', 'Union', 'List', 'Dict', 'Sequence', 'Iterable', 'Any', 'None']);

/**
 * What each caller filters on along with the key: a construction of the filter class that sets it
 * (`VoteFilter(agent_id=a, proposal_id=p)`), or a filter object built earlier in the function that is
 * then given it (`filters = QueueMessageFilter(type=t, dao_id=d)` ... `filters.wallet_id = w`). Null
 * when a construction cannot be read (`**kwargs`, `model_copy`).
 */
function callerFilters(texts: readonly Source[], cls: string, names: ReadonlySet<string>): string[][] | null {
  const out: string[][] = [];
  const construct = new RegExp(`(?:^[ \\t]*(\\w+)\\s*(?::[^=\\n]+)?=\\s*)?\\b${escape(cls)}\\(`, 'gm');
  for (const source of texts) {
    if (source.migration || !source.path.endsWith('.py') || !source.text.includes(`${cls}(`)) continue;
    const { text } = source;
    for (const m of text.matchAll(construct)) {
      const line = text.slice(text.lastIndexOf('\n', m.index) + 1, m.index + m[0].length);
      if (/^\s*class\s/.test(line)) continue;
      const args = bracketed(text, m.index + m[0].length - 1);
      if (/\*\*/.test(args)) return null;
      const kwargs = keywordsOf(args);
      if (kwargs.some((k) => names.has(k))) {
        out.push(kwargs);
        continue;
      }
      // A variable given the key after its construction, in the same function.
      if (!m[1]) continue;
      const next = text.slice(m.index + m[0].length).search(/\n[ \t]*(?:async\s+)?def\s/);
      const rest = text.slice(m.index + m[0].length, next < 0 ? undefined : m.index + m[0].length + next);
      if ([...names].some((n) => new RegExp(`\\b${escape(m[1])}\\.${escape(n)}\\s*=(?!=)`).test(rest))) out.push(kwargs);
    }
  }
  return out;
}
