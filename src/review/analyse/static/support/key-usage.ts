import type { RepoSnapshot } from '../../../../domain/types.js';
import { classifyPath } from '../../../collect/classify-file.js';
import { className as camel, escapeRegExp, ONE_OFF_PATH } from './names.js';
import { collectionKey, queriesTableAtAll, touchesTable, usageSites, type KeyCandidate } from './key-usage-search.js';
import { collectionUse } from './key-usage-collections.js';
import { alongsideOf } from './key-usage-alongside.js';
import { classBodies, lineOf, type Source } from './key-usage-source.js';

/**
 * Whether the application ever looks rows up by a foreign-key column: the evidence that decides if
 * an index on it is worth a review comment. PostgreSQL never indexes the referencing column, but an
 * index only pays when something searches by it: a filter or join on the column, the children
 * loaded from the parent (a one-to-many or many-to-many relationship), a policy or query comparing
 * it. A key that nothing searches by (a vestigial column, a link only read with its own row) costs
 * a scan only when a parent row is deleted, which most teams rightly ignore.
 */
export type { KeyCandidate };

/**
 * `alongside`: when every lookup by the key also filters on other columns, the columns they all share
 * (an index leading with one of them serves those lookups). Absent when some lookup is by the key alone.
 */
export type KeyUsage = { kind: 'used'; where: string; alongside?: string[] } | { kind: 'unused' } | { kind: 'unknown' };

/** How many files the search reads at most: past that, usage is unknown and the finding stays. */
const MAX_FILES = 12000;

/** Application code worth searching: sources and query files, not vendored trees or generated output. */
const CODE_FILE = /\.(py|pyi|ts|tsx|js|jsx|mjs|cjs|sql)$/;
const IGNORED_DIR = /(^|\/)(node_modules|dist|build|\.venv|venv|site-packages|\.git|__pycache__|vendor|coverage)\//;

/**
 * Searches the repository once for every candidate. A file the snapshot would not read (a budget,
 * an error) makes the answer `unknown` for keys found nowhere else: unknown is never `unused`.
 */
export async function findKeyUsage(repo: RepoSnapshot, candidates: readonly KeyCandidate[]): Promise<(c: KeyCandidate) => KeyUsage> {
  const unknown = (): KeyUsage => ({ kind: 'unknown' });
  // Reads that cost API calls within a budget are kept for the analysis itself.
  if (!candidates.length || repo.budgeted) return unknown;
  const corpus = await corpusOf(repo);
  if (!corpus) return unknown;
  const { texts, classes, complete } = corpus;
  const found = new Map<string, KeyUsage>();
  const touched = new Map<string, boolean>();
  const touches = (table: string, known: readonly string[] = classes.get(table) ?? []) => {
    let t = touched.get(table);
    if (t === undefined) touched.set(table, (t = touchesTable(texts, table, [...new Set([...known, camel(table)])])));
    return t;
  };
  return (c) => {
    const key = `${c.table}.${c.column}`;
    let usage = found.get(key);
    if (!usage) {
      const known = [...(c.classes ?? []), ...(classes.get(c.table) ?? [])];
      // Unused when the application has left the table behind (its own policies comparing the key run for no
      // query), or when it does query the table, and never by this key. A table nothing queries yet (new in this
      // change, or the code that will use it is elsewhere) tells nothing.
      usage = complete && leftover(c, known, touches) ? { kind: 'unused' }
        : (lookups(texts, c, known, classes.get(c.references) ?? []) ??
          (complete && queriesTableAtAll(texts, c.table, [...known, camel(c.table)]) ? { kind: 'unused' } : { kind: 'unknown' }));
      found.set(key, usage);
    }
    return usage;
  };
}

/**
 * A table the application has left behind: nothing in the repository touches it (see touchesTable: no query, no
 * relationship, no client call, no SQL reading or writing it), while the application touches most of the tables
 * the migrations made after it. Nothing looks its rows up, and a delete of a parent scans a table nothing fills
 * (a template's tables never wired up, a feature removed from the code). A table with no later ones is too new
 * to tell (its code may come in the next change), and an application that ignores the later tables too may
 * live in another repository.
 */
function leftover(c: KeyCandidate, known: readonly string[], touches: (table: string, known?: readonly string[]) => boolean): boolean {
  const later = [...new Set(c.later ?? [])].filter((t) => t !== c.table);
  if (!later.length || touches(c.table, known)) return false;
  return later.filter((t) => touches(t)).length * 2 > later.length;
}

/**
 * Who reads and writes a table, as far as the repository shows: `client` when some code may reach it as the `anon` or
 * `authenticated` role (a Supabase client in JS/TS, `.from("t")`; a Python Supabase client built with another key than
 * the service role's, or one the engine cannot follow to its key; a PostgREST URL `/rest/v1/t`); `server` when every
 * use runs as a role that RLS does not hold back (an ORM model or the app's own SQL on a direct connection, a Python
 * Supabase client built with the service-role key); `unknown` otherwise (no use found, or the corpus incomplete).
 */
export type TableUse = 'client' | 'server' | 'unknown';

/**
 * Who a Supabase query runs as: `service`, the service role (RLS does not apply); `user`, a Supabase client not shown to
 * be built with the service-role key (the anon key, a user's session, a key or a typed parameter the inference does not
 * follow further), which may run as anon or authenticated; `unknown`, a receiver not known to be a Supabase client.
 */
export type ClientRole = 'service' | 'user' | 'unknown';

/**
 * The roles the Python Supabase queries of some tables (`.table("t")`, `.from_("t")`) run as, one per query found in
 * `sources` (the application's Python files), as the Python engine sees them: it follows a client to the key it is
 * built with. A table named in a file where no such query could be read gets `unknown`. Handed to the SQL engine by
 * the static registry: the two engines never import each other.
 */
export type PythonClientRoles = (params: { repo: RepoSnapshot; sources: readonly Source[]; tables: readonly string[] }) => Promise<(table: string) => ClientRole[]>;

/** A Supabase query of a table by name: `.from("t")` (JS/TS), `.table("t")` or `.from_("t")` (Python). */
export function supabaseQueryOf(table: string): RegExp {
  return new RegExp(`\\.(from_?|table)\\(\\s*["'\`]${escapeRegExp(table)}["'\`]`);
}

/**
 * How the application uses each of `tables` (the ones a rule asks about). A Python Supabase query counts as a use
 * from the server only when `pythonRoles` shows it runs with the service-role key; without it, as a client's.
 */
export async function findTableUse(repo: RepoSnapshot, tables: readonly string[], pythonRoles?: PythonClientRoles): Promise<(table: string) => TableUse> {
  const corpus = repo.budgeted ? null : await corpusOf(repo);
  if (!corpus) return () => 'unknown';
  const { texts, classes, complete } = corpus;
  const app = texts.filter((t) => !t.migration && !t.oneOff);
  const isPython = (t: Source) => /\.pyi?$/.test(t.path);
  const viaRest = (table: string) => new RegExp(`/rest/v1/${escapeRegExp(table)}(?![\\w-])`);
  const python = app.filter(isPython);
  const queried = python.filter((t) => tables.some((table) => supabaseQueryOf(table).test(t.text)));
  const roles = pythonRoles && queried.length ? await pythonRoles({ repo, sources: python, tables }).catch(() => null) : null;
  return (table) => {
    const client = supabaseQueryOf(table);
    const rest = viaRest(table);
    if (app.some((t) => rest.test(t.text) || (!isPython(t) && client.test(t.text)))) return 'client';
    const supabase = python.some((t) => client.test(t.text));
    // A Python Supabase query runs as the service role only when the engine followed every one to that key.
    const found = supabase && roles ? roles(table) : [];
    if (supabase && !(found.length && found.every((r) => r === 'service'))) return 'client';
    if (!complete) return 'unknown';
    if (supabase) return 'server';
    const sql = new RegExp(`\\b(FROM|JOIN|INTO|UPDATE|from|join|into|update)\\s+("?\\w+"?\\.)?"?${escapeRegExp(table)}"?(?![\\w"(])`);
    const mapped = (classes.get(table) ?? []).length > 0;
    return mapped || app.some((t) => t.path.endsWith('.py') && sql.test(t.text)) ? 'server' : 'unknown';
  };
}

/**
 * The lookups by the key, or null when there are none: the first one (as evidence), and what every one
 * of them also filters on. An optional filter no caller sets is no lookup; a relationship collection
 * loaded from the parent, a generic or SQL use is a lookup by the key alone.
 */
function lookups(texts: readonly Source[], c: KeyCandidate, known: readonly string[], parents: readonly string[]): KeyUsage | null {
  let where: string | undefined;
  let shared: string[] | undefined;
  for (const site of usageSites(texts, c, known, parents)) {
    // A script's lookup runs when an operator runs it: no index is owed to it.
    if (site.source.oneOff) continue;
    const also = alongsideOf(site, c, texts, known);
    if (also === 'dead') continue;
    where ??= lineOf(site.source, site.at);
    shared = also === null ? [] : shared === undefined ? also : shared.filter((x) => also.includes(x));
    if (!shared.length) return { kind: 'used', where };
  }
  const collection = collectionUse(texts, collectionKey(c, known, parents));
  if (collection) return { kind: 'used', where: where ?? collection };
  return where ? { kind: 'used', where, alongside: shared } : null;
}

/** Tests search rows however they like: not evidence of what the application does. */
const TEST_FILE = /(^|\/)(tests?|__tests__|e2e|testing)\/|(^|\/)test_[^/]*\.py$|_test\.py$|(^|\/)conftest\.py$|\.(test|spec)\.[jt]sx?$/;

interface Corpus {
  texts: Source[];
  /** Table -> the Python names that map it. */
  classes: Map<string, string[]>;
  /** Every code file was read (a failed read makes an absence prove nothing). */
  complete: boolean;
}

/** The code of one snapshot, read once per review: the Python and SQL engines both search it. */
const CORPORA = new WeakMap<RepoSnapshot, Promise<Corpus | null>>();

function corpusOf(repo: RepoSnapshot): Promise<Corpus | null> {
  let pending = CORPORA.get(repo);
  if (!pending) {
    pending = readCorpus(repo);
    CORPORA.set(repo, pending);
  }
  return pending;
}

async function readCorpus(repo: RepoSnapshot): Promise<Corpus | null> {
  let paths: string[];
  try {
    paths = (await repo.listPaths()).filter((p) => CODE_FILE.test(p) && !IGNORED_DIR.test(p) && !TEST_FILE.test(p));
  } catch {
    return null;
  }
  if (paths.length > MAX_FILES) return null;
  const texts: Source[] = [];
  let complete = true;
  // A file that failed to read leaves the search incomplete; one that is binary or too large to review
  // is not code to search.
  for (const path of paths) {
    let failed = false;
    const text = await repo.readText(path).catch(() => {
      failed = true;
      return null;
    });
    if (text === null) {
      if (failed) complete = false;
      continue;
    }
    const kind = classifyPath(path);
    const migration = kind === 'alembic' || kind === 'sql' || MIGRATION_DIR.test(path);
    // A migration's SQL (policies, triggers) runs in the database: only other one-off code is left out.
    texts.push({ path, text: /\.pyi?$/.test(path) ? blankComments(text) : text, migration, oneOff: !migration && ONE_OFF_PATH.test(path) });
  }
  return { texts, classes: classIndex(texts), complete };
}

const MIGRATION_DIR = /(^|\/)(migrations?|alembic|revisions|versions)\//;

/**
 * A Python file with its comment lines blanked (same length, so offsets and line numbers hold): commented-out code
 * (`#     WHERE ga.group_id = groups.id`) looks nothing up and reads no collection.
 */
function blankComments(text: string): string {
  return text.replace(/^[ \t]*#.*$/gm, (line) => ' '.repeat(line.length));
}

/** `class CaseCost(Base): ... __tablename__ = "case_cost"` and `assoc = Table("assoc", ...)`: the Python names of each table. */
function classIndex(texts: readonly Source[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (table: string, name: string) => {
    const list = out.get(table) ?? [];
    if (!list.includes(name)) list.push(name);
    out.set(table, list);
  };
  for (const source of texts) {
    const { path, text, migration } = source;
    if (migration || !path.endsWith('.py')) continue;
    for (const body of classBodies(source)) {
      const table = /__tablename__\s*(?::\s*\w+\s*)?=\s*["'](\w+)["']/.exec(text.slice(body.start, body.end));
      if (table) add(table[1], body.name);
    }
    for (const m of text.matchAll(/^(\w+)\s*=\s*(?:\w+\.)?Table\(\s*["'](\w+)["']/gm)) add(m[2], m[1]);
  }
  return out;
}
