// The text searches behind key usage: per candidate, over the code corpus key-usage.ts reads once per review.
import { className as camel, escapeRegExp as escape } from './names.js';
import { bracketed, classBodies, functionStart, type Source } from './key-usage-source.js';

export { classBodies, type Source };

/** A foreign key whose usage is searched (see key-usage.ts). */
export interface KeyCandidate {
  /** The referencing table, unqualified (`case_cost`). */
  table: string;
  column: string;
  /** The ORM attribute that maps the column, when it is named differently. */
  attr?: string;
  /** The referenced table, unqualified. */
  references: string;
  /** ORM classes known to map the referencing table (the model that declares it). */
  classes?: readonly string[];
  /**
   * The tables the migrations create in files after the one that creates the referencing table (absent: not
   * known). When the application uses most of them and never touches this one, the table is a leftover.
   */
  later?: readonly string[];
}

/** One place the application searches rows by the key: the file, the offset, and what found it. */
export interface UsageSite {
  source: Source;
  at: number;
  /** `sql`: a statement of SQL; `filter`: a filter call or comparison in code; `other`: a generic or loaded-collection use. */
  kind: 'sql' | 'filter' | 'other';
}

/** The key and the Python names of its two tables, as the collection search wants them. */
export function collectionKey(c: KeyCandidate, known: readonly string[], parentsKnown: readonly string[]) {
  const classNames = [...new Set([...known, camel(c.table)])];
  const parentNames = [...new Set([...parentsKnown, camel(c.references)])];
  return { table: c.table, column: c.column, attr: c.attr ?? c.column, classNames, parentNames };
}

/** Every filter, join or comparison on the key in the application's code and SQL, file by file, in offset order. */
export function* usageSites(texts: readonly Source[], c: KeyCandidate, known: readonly string[], parentsKnown: readonly string[] = []): Iterable<UsageSite> {
  const col = escape(c.column);
  const attr = escape(c.attr ?? c.column);
  const classNames = [...new Set([...known, camel(c.table)])];
  const parents = new Set([...parentsKnown, camel(c.references), camel(c.references.replace(/s$/, ''))]);
  const cls = classNames.map(escape).join('|');
  const matches = (text: string, re: RegExp, accept?: (at: number) => boolean) => allMatches(text, re, c.column, accept);
  // A query or a policy comparing the column: in a migration's functions, views and policies, or app SQL.
  const migrationSql = new RegExp(
    `\\b(where|and|or|on|using|check)\\s*\\(?\\s*(\\w+\\.)?${col}\\s*(=|in\\b|<|>)|(=|\\bin)\\s*\\(?\\s*(\\w+\\.)?${col}\\b(?!\\s*\\()`,
    'i',
  );
  // SQL inside application code: upper-case keywords or lower-case `where` / `on` (never Python's `and`).
  // In both, a NULL test (`AND customer_id IS NULL`, a CHECK constraint's) finds no rows by the key: not a lookup.
  const codeSql = new RegExp(`\\b(WHERE|AND|OR|ON|where|on)\\s+(\\w+\\.)?${col}\\s*(=|IN\\b|in\\b|<|>)`);
  const code: [RegExp, UsageSite['kind']][] = [
    // `CaseCost.case_id == x`, `.order_by(CaseCost.case_id)`, `join(CaseCost, CaseCost.case_id == Case.id)`
    [new RegExp(`\\b(${cls})\\.(${col}|${attr})\\b`), 'filter'],
    [codeSql, 'sql'],
    // A generic repository filters every model it serves by the column: `self.model.group_id == g`,
    // `getattr(self.model, "group_id")`.
    [new RegExp(`\\b(self|cls)\\.${GENERIC_MODEL}\\.(${col}|${attr})\\b|\\bgetattr\\(\\s*(self|cls)\\.${GENERIC_MODEL}\\s*,\\s*["']${col}["']`), 'other'],
  ];
  // Filters by name: `filter_by(case_id=...)`, supabase `.eq("case_id", x)` / `.in_("case_id", ids)`, on a
  // query of this table (the nearest `query(CaseCost` / `.table("case_cost")` before it, when there is one).
  const onTable = [
    // (`=` alone: not `==`, nor a JavaScript arrow `filter(node_id => ...)`)
    new RegExp(`\\b(filter_by|get_by|find_by|where|filter)\\([^)]*\\b(${col}|${attr})\\s*=(?![=>])`),
    new RegExp(`\\.(eq|neq|in_|in|is_|is|match|filter|order|contains)\\(\\s*\\{?\\s*["'\`]${col}["'\`]`),
  ];
  const tableRefs = new Set([c.table, ...classNames]);
  for (const source of texts) {
    const { path, text, migration } = source;
    const hits: UsageSite[] = [];
    if (migration || path.endsWith('.sql')) {
      // A migration's SQL (functions, views, policies) and app SQL files; in a Python revision, only SQL strings.
      // The statement that compares the column must name the table: a policy `on`, a `from` or `join` of it.
      if (text.includes(c.column)) {
        const runtime = (i: number) => statementOn(text, i, c.table, c.column) && !runsOnce(text, i, path.endsWith('.py'));
        for (const at of matches(text, path.endsWith('.sql') ? migrationSql : codeSql, runtime)) hits.push({ source, at, kind: 'sql' });
      }
    } else if (text.includes(c.column) || text.includes(c.attr ?? c.column) || classNames.some((n) => text.includes(n))) {
      for (const [re, kind] of code) {
        const accept =
          kind === 'sql' ? (i: number) => codeStatementOn(text, i, c.table, c.column) && !sqlJoinsParent(text, i, c.references)
          : kind === 'filter' ? (i: number) => comparedAt(text, i) && !ormJoinsParent(text, i, parents)
          : (i: number) => genericLookup(text, i, classNames);
        for (const at of matches(text, re, accept)) hits.push({ source, at, kind });
      }
      // ... or builds the filter by name: `dct["group_id"] = ...` then `filter_by(**dct)` on a query of this table.
      for (const at of nameBuiltFilters(text, c.column, tableRefs)) {
        if (!isDeclaration(text, at, c.column)) hits.push({ source, at, kind: 'other' });
      }
      for (const re of onTable) for (const at of matches(text, re, (i) => queriesTable(text, i, tableRefs))) hits.push({ source, at, kind: 'filter' });
    }
    hits.sort((a, b) => a.at - b.at);
    yield* hits;
  }
}

/**
 * The application reads or writes the table somewhere: its model class named in code other than its own
 * declaration and imports (`db.query(Comment)`, `select(Comment)`, `Comment(...)`), or the table named in a
 * supabase call or in SQL outside migrations (`.table("comments")`, `from comments`).
 */
export function queriesTableAtAll(texts: readonly Source[], table: string, classNames: readonly string[]): boolean {
  const cls = classNames.map(escape).join('|');
  const byClass = new RegExp(`\\b(${cls})\\b`, 'g');
  const byName = new RegExp(`\\.(table|from_|from)\\(\\s*["'\`]${escape(table)}["'\`]|\\b(from|join|into|update)\\s+(\\w+\\.)?"?${escape(table)}\\b`, 'i');
  for (const source of texts) {
    if (source.migration) continue;
    if (byName.test(source.text)) return true;
    if (!source.path.endsWith('.py')) continue;
    const own = classBodies(source).filter((b) => classNames.includes(b.name));
    for (const m of source.text.matchAll(byClass)) {
      const start = source.text.lastIndexOf('\n', m.index) + 1;
      const line = source.text.slice(start, source.text.indexOf('\n', m.index) >>> 0);
      // Imports, declarations and other models' relationships to it name the class without querying it.
      if (/^\s*(from|import|class)\s|^\s*["'#]/.test(line) || /\b(relationship|ForeignKey|Mapped|List|list)\b\s*[([]/.test(line)) continue;
      if (own.some((b) => m.index >= b.start && m.index < b.end)) continue;
      return true;
    }
  }
  return false;
}

/**
 * Anything in the repository reaches the table at all, beyond what queriesTableAtAll sees: a model's class named
 * in Python other than in its own body and imports (another model's relationship loads its rows, an admin view
 * lists them), its name as a Python string (a relationship's `secondary="..."`), a Supabase select embedding it
 * (`.select("*, prices(*)")`, `prices!inner(id)`) or a realtime listener naming it (`table: "prices"`), or SQL
 * anywhere, migrations included, that reads or writes it (a view, a function or trigger body, another table's
 * policy, a seed: `from`, `join`, `into`, `update` it). The table's own DDL, indexes, grants, triggers and
 * policies are none of these: they describe it, they do not use it.
 */
export function touchesTable(all: readonly Source[], table: string, classNames: readonly string[]): boolean {
  // Only files that name the table or a class of it can touch it (a plain search first: the schema's every table may be asked).
  const texts = all.filter((s) => s.text.includes(table) || classNames.some((n) => s.text.includes(n)));
  if (queriesTableAtAll(texts, table, classNames)) return true;
  const name = escape(table);
  const sql = new RegExp(`\\b(from|join|into|update)\\s+(\\w+\\.)?"?${name}"?(?![\\w"])`, 'i');
  const client = new RegExp(`\\b${name}(?:!\\w+)?\\s*\\(|\\btable\\s*[:=]\\s*["'\`]${name}["'\`]`);
  const byClass = new RegExp(`\\b(${classNames.map(escape).join('|')})\\b`, 'g');
  for (const source of texts) {
    // SQL files and migrations: statements on the table (`create table prices (` is no embedding).
    if (source.migration || source.path.endsWith('.sql')) {
      if (sql.test(source.text)) return true;
      continue;
    }
    if (client.test(source.text)) return true;
    if (!source.path.endsWith('.py')) continue;
    const own = classBodies(source).filter((b) => classNames.includes(b.name));
    const elsewhere = (at: number, line: RegExp) => {
      const start = source.text.lastIndexOf('\n', at) + 1;
      return !line.test(source.text.slice(start, source.text.indexOf('\n', at) >>> 0)) && !own.some((b) => at >= b.start && at < b.end);
    };
    // The table's name as a Python string (`secondary="identities_blocks"`, `text("select ...")` aside): not in its
    // own model (`__tablename__`) nor where a `Table("x", ...)` defines it.
    for (const m of source.text.matchAll(new RegExp(`["']${name}["']`, 'g'))) if (elsewhere(m.index, /^\s*#|=\s*(?:\w+\.)?Table\(/)) return true;
    if (!classNames.length) continue;
    for (const m of source.text.matchAll(byClass)) if (elsewhere(m.index, /^\s*(from|import|class)\s|^\s*#/)) return true;
  }
  return false;
}

/**
 * Where a function sets the key in the dict it then filters by (`dct["group_id"] = g` or `dct = {"group_id": g}`,
 * then `filter_by(**dct)`), on a query of this table or a generic repository's. A dict of the same key passed
 * elsewhere (a constructor's `kwargs`, a log's `context={...}`) or a filter on another model's query is none.
 */
function nameBuiltFilters(text: string, column: string, refs: ReadonlySet<string>): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\bfilter_by\(\s*\*\*\s*(\w+)\s*\)/g)) {
    if (!queriesTable(text, m.index, refs)) continue;
    const from = functionStart(text, m.index);
    const body = text.slice(from, m.index);
    const name = escape(m[1]);
    const set = new RegExp(`\\b${name}\\s*\\[\\s*["']${escape(column)}["']\\s*\\]\\s*=(?!=)`, 'g');
    for (const s of body.matchAll(set)) out.push(from + s.index);
    // A literal assigned to the name: its keys at its own level.
    for (const d of body.matchAll(new RegExp(`\\b${name}\\s*(?::[^=\\n]+)?=\\s*(?:dict\\(|\\{)`, 'g'))) {
      const open = d.index + d[0].length - 1;
      const literal = bracketed(body, open);
      const key = body[open] === '{' ? new RegExp(`(?:^|,)\\s*["']${escape(column)}["']\\s*:`) : new RegExp(`(?:^|,)\\s*${escape(column)}\\s*=(?!=)`);
      const k = key.exec(topLevel(literal));
      if (k) out.push(from + open + 1 + k.index);
    }
    // The dict a builder of the same module returns: `fltr = self._filter_builder()`, then `filter_by(**fltr)`, where
    // `_filter_builder` sets `dct["group_id"] = self.group_id` (a generic repository scoping every query).
    for (const b of body.matchAll(new RegExp(`\\b${name}\\s*=\\s*(?:(?:self|cls)\\.)?(\\w+)\\(`, 'g'))) {
      const def = new RegExp(`^[ \\t]*(?:async\\s+)?def\\s+${escape(b[1])}\\s*\\(`, 'm').exec(text);
      if (!def) continue;
      const next = /^[ \t]*(?:async\s+)?def\s|^class\s/m.exec(text.slice(def.index + def[0].length));
      const builder = text.slice(def.index, next ? def.index + def[0].length + next.index : undefined);
      if (!/\breturn\b/.test(builder)) continue;
      for (const s of builder.matchAll(new RegExp(`\\b\\w+\\s*\\[\\s*["']${escape(column)}["']\\s*\\]\\s*=(?!=)`, 'g'))) out.push(def.index + s.index);
    }
  }
  return [...new Set(out)];
}

/** The text with every nested bracket's content blanked (offsets kept): what is at its own level. */
function topLevel(text: string): string {
  let depth = 0;
  let out = '';
  for (const ch of text) {
    if ('([{'.includes(ch)) depth++;
    out += depth > 0 ? ' ' : ch;
    if (')]}'.includes(ch)) depth = Math.max(0, depth - 1);
  }
  return out;
}

/** The table or model a filter at `at` applies to, when its query names one before it in the function: must be ours. */
function queriesTable(text: string, at: number, refs: ReadonlySet<string>): boolean {
  // The enclosing function: from the last `def` before the filter (a query built over many lines stays in view).
  const fn = Math.max(text.lastIndexOf('def ', at), text.lastIndexOf('function ', at), 0);
  const before = text.slice(Math.max(fn, at - 4000), at);
  let last: string | undefined;
  for (const m of before.matchAll(/\b(?:query|select|table|from_|from|update|delete)\(\s*["'`]?((?:(?:self|cls)\.)?\w+)/g)) last = m[1];
  // `select(self.model)`: a generic repository's query, over every model it serves.
  return last === undefined || refs.has(last) || new RegExp(`^(self|cls)\\.${GENERIC_MODEL}$`).test(last);
}

/**
 * The SQL statement around `at` (between semicolons) names `table`, and the column compared at `at` is
 * not qualified by another table of it (`user_orgs.user_id`, or `uo.user_id` after `from user_orgs uo`).
 */
/**
 * In a migration, the comparison at `at` belongs to a statement that runs once, when the migration does: a
 * top-level `update` / `delete` / `insert` / `select` backfill, or one inside a `do $$ ... $$` block. A function,
 * view, trigger or policy the migration creates runs with the application's queries: its comparisons are lookups.
 */
function runsOnce(text: string, at: number, python: boolean): boolean {
  const body = dollarBodyAround(text, at);
  if (body !== null) return /\bdo\s*$/i.test(text.slice(Math.max(0, body - 40), body));
  // A statement starts after a `;`, or (in a Python revision) where its string opens; in SQL a quote opens a name
  // (`create policy "Update own rows" ...`), never a statement.
  const starts = python ? /(?:^|;|["'])\s*(update|delete|insert|select|with|merge|create|alter|do|grant|comment)\b/gi : /(?:^|;)\s*(update|delete|insert|select|with|merge|create|alter|do|grant|comment)\b/gi;
  let start: string | null = null;
  for (const m of text.slice(Math.max(0, at - 4000), at).matchAll(starts)) start = m[1];
  return !!start && /^(update|delete|insert|select|with|merge)$/i.test(start);
}

/** Where the dollar-quoted body (`$$ ... $$`, `$fn$ ... $fn$`) around `at` opens, or null when `at` is not in one. */
function dollarBodyAround(text: string, at: number): number | null {
  let open: { tag: string; at: number } | null = null;
  for (const m of text.slice(0, at).matchAll(/\$(\w*)\$/g)) {
    if (!open) open = { tag: m[1], at: m.index };
    else if (m[1] === open.tag) open = null;
  }
  return open ? open.at : null;
}

function statementOn(text: string, at: number, table: string, column: string): boolean {
  const end = text.indexOf(';', at);
  const stmt = text.slice(text.lastIndexOf(';', at) + 1, end < 0 ? undefined : end);
  if (!new RegExp(`\\b${escape(table)}\\b`).test(stmt)) return false;
  const qualifier = new RegExp(`(?:(\\w+)\\.)?${escape(column)}\\b`).exec(text.slice(at))?.[1];
  if (!qualifier || qualifier === table) return true;
  for (const m of stmt.matchAll(/\b(?:from|join|update|into)\s+(?:\w+\.)?"?(\w+)"?(?:\s+(?:as\s+)?(\w+))?/gi)) {
    if (m[1] === qualifier || m[2] === qualifier) return m[1] === table;
  }
  return true;
}

/**
 * The comparison at `at` is the condition of a join to the parent (`.join(Product, CheckoutProduct.product_id ==
 * Product.id)`, `.outerjoin(Product, onclause=...)`): the query starts from the child rows and fetches each one's
 * parent by its primary key. It searches no child by the key, so it asks nothing of an index on it.
 */
function ormJoinsParent(text: string, at: number, parents: ReadonlySet<string>): boolean {
  const open = openingParen(text, at);
  if (open < 0) return false;
  const call = /(?:^|[.\s(])(join|outerjoin|join_from)\s*$/.exec(text.slice(Math.max(0, open - 30), open));
  if (!call) return false;
  const first = /^\s*([A-Za-z_][\w.]*)\s*,/.exec(text.slice(open + 1, open + 200))?.[1];
  return !!first && parents.has(first.replace(/^.*\./, ''));
}

/** SQL in code: the comparison at `at` follows `JOIN <parent table> [alias] ON` (see ormJoinsParent). */
function sqlJoinsParent(text: string, at: number, parentTable: string): boolean {
  const before = text.slice(Math.max(0, at - 200), at);
  // `at` is on the `ON` keyword (or on the column right after it).
  const m = /\bjoin\s+(?:\w+\.)?"?(\w+)"?(?:\s+(?:as\s+)?(?!on\b)\w+)?\s*(?:\bon\s*\(?\s*)?$/i.exec(before);
  return !!m && m[1] === parentTable;
}

/** The offset of the innermost parenthesis still open at `at`, or -1 (strings are not skipped: a heuristic). */
function openingParen(text: string, at: number): number {
  let depth = 0;
  for (let i = at - 1; i >= 0 && at - i < 2000; i--) {
    const ch = text[i];
    if (ch === ')') depth++;
    else if (ch === '(') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/**
 * The model attribute at `at` (`Comment.blog_id`) is compared with a value: `== x`, `.in_(ids)`,
 * `.is_(x)`, `x == Comment.blog_id` (a join). Selected, counted, grouped, ordered or tested for NULL
 * (`Comment.blog_id.is_(None)`), it looks nothing up.
 */
function comparedAt(text: string, at: number, attribute = /^\w+\.\w+/): boolean {
  const after = text.slice(at).replace(attribute, '');
  if (/^\s*(==|!=|<=|>=|<(?!<)|>(?!>))/.test(after) || /^\.(in_|not_in|any|has|contains|between|is_not|isnot|is_distinct_from)\(/.test(after)) return true;
  if (/^\.is_\(/.test(after)) return !/^\.is_\(\s*None\s*\)/.test(after);
  return /(==|!=)\s*$/.test(text.slice(Math.max(0, at - 40), at));
}

/**
 * For SQL written in application code: the statement the comparison at `at` belongs to (from its last
 * SELECT / UPDATE / DELETE / INSERT / WITH, a sub-select's own) is on `table` (see statementOn). A
 * `WHERE organization_id = :org` of a query on another table is no lookup by this table's key.
 * Without a statement keyword in view, the comparison counts.
 */
function codeStatementOn(text: string, at: number, table: string, column: string): boolean {
  const before = text.slice(Math.max(0, at - 3000), at);
  let start = -1;
  for (const m of before.matchAll(/\b(SELECT|UPDATE|DELETE|INSERT|WITH|select|update|delete|insert)\s/g)) start = m.index;
  if (start < 0) return true;
  const from = at - before.length + start;
  const quote = /["'`]/.exec(text.slice(at));
  const end = quote ? at + quote.index : text.length;
  return statementOn(`${text.slice(from, end)};`, at - from, table, column);
}

/**
 * A generic repository's use of the column (`self.model.group_id == g`) that looks rows of this table up: a
 * comparison (not a sort key or a selected column), in a class that serves this model or does not say
 * which (`model = CustomerMeter` serves another table). `getattr(self.model, "group_id")` builds a filter.
 */
function genericLookup(text: string, at: number, classNames: readonly string[]): boolean {
  if (/^getattr/.test(text.slice(at))) return true;
  if (!comparedAt(text, at, /^(self|cls)\.\w+\.\w+/)) return false;
  const served = servedModel(text, at);
  return served === null || classNames.includes(served);
}

/** The model the class around `at` declares it serves: `model = Invoice`, or `Repository[Invoice]` among its bases. */
function servedModel(text: string, at: number): string | null {
  let header: RegExpExecArray | null = null;
  for (const m of text.slice(0, at).matchAll(/^class\s+\w+\s*(\([^:]*\))?\s*:/gm)) header = m;
  if (!header) return null;
  const body = text.slice(header.index, at);
  const declared = /^[ \t]+(?:__)?_?model(?:__)?\s*(?::[^=\n]*)?=\s*([A-Z]\w*)\s*$/m.exec(body);
  if (declared) return declared[1];
  const generic = /\w*(?:Repository|Repo|Service|CRUD|Crud|DAO|Dao)\w*\[\s*([A-Z]\w*)/.exec(header[1] ?? '');
  return generic ? generic[1] : null;
}

/** The model attribute of a generic repository: `self.model`, `self._model`, `cls.__model__`, `self.sql_model`. */
const GENERIC_MODEL = '_*\\w*model_*';

/** Every match of `re` that is not the column's own declaration (and that `accept` takes). */
function allMatches(text: string, re: RegExp, column: string, accept: (at: number) => boolean = () => true): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`))) {
    if (!isDeclaration(text, m.index, column) && accept(m.index)) out.push(m.index);
  }
  return out;
}

/** The line that declares the column (`case_id = Column(ForeignKey(...))`, `case_id uuid references ...`) is not a use. */
function isDeclaration(text: string, at: number, column: string): boolean {
  const start = text.lastIndexOf('\n', at) + 1;
  const end = text.indexOf('\n', at);
  const line = text.slice(start, end < 0 ? undefined : end);
  return new RegExp(`^\\s*${escape(column)}\\b[^=]*=\\s*(\\w+\\.)*(Column|mapped_column|Field|relationship)\\(`).test(line) || /\bforeign\s+key\b|\breferences\b/i.test(line);
}
