import { buildStatements } from '../static/sql/statements/build-statements.js';
import { loadMigrationSources } from '../static/sql/statements/load-sources.js';
import { splitStatements } from '../static/sql/source/split-statements.js';
import { skipTrivia, type SqlSource } from '../static/sql/source/sql-source.js';
import type { SqlStatement } from '../static/sql/model/types.js';
import { loadPgParser, type PgParser } from '../static/parsers/pg-parser.js';
import type { ChangedFile, Note, RepoSnapshot } from '../../../domain/types.js';

/** One statement as the live stage runs it: its text, where it sits, and its parse tree when the parser took it. */
export interface LiveStatement {
  path: string;
  source: SqlSource;
  sql: string;
  /** Byte offset of the first token in `source.bytes`. */
  start: number;
  line: number;
  endLine: number;
  /** True when the pull request added a line of it. */
  changed: boolean;
  /** The static engine's statement (tag, tree), absent when the parser rejected the text. */
  parsed?: SqlStatement;
}

/**
 * A migration operation the replay cannot run as the deploy does (an Alembic op it could not
 * translate, `op.execute` of SQL built at run time, an enum whose labels it could not read): the
 * objects it may have changed are unknown from here on.
 */
export interface UnknownMarker {
  /** Index of the migration's statement it comes before. */
  at: number;
  /** Lower-case names of the tables or types it may have changed; empty when nothing tells which. */
  names: string[];
  /** "`op.add_column` at path:line, which the replay could not run (the column is computed at run time)". */
  what: string;
}

/** One migration as its tool applies it: a file, or an Alembic revision (all its op calls). */
export interface Migration {
  path: string;
  /** 'file' and 'always': the tool wraps the migration in a transaction; 'none': each statement commits. */
  transaction: SqlSource['transaction'];
  statements: LiveStatement[];
  /** The migration's text, to tell whether base and head hold the same one. */
  text: string;
  /** Operations it runs that the replay cannot (see UnknownMarker), where they sit among the statements. */
  unknown: UnknownMarker[];
}

/**
 * The migrations of a tree in the order their tools apply them (supabase/migrations and plain .sql
 * migrations by name, Alembic revisions along their revision graph), through the static engine's
 * loaders and Alembic translation. Statements are cut at top-level semicolons so a statement the
 * parser rejects still runs, and PostgreSQL says what is wrong with it.
 */
export async function loadMigrations(params: { repo: RepoSnapshot; changed: readonly ChangedFile[]; notes: Note[]; unread?: string[] }): Promise<Migration[]> {
  const { repo, changed, notes } = params;
  const paths = await repo.listPaths();
  const loaded = await loadMigrationSources({ repo, paths, changed });
  notes.push(...loaded.notes);
  params.unread?.push(...loaded.unread);
  const added = new Map(changed.map((f) => [f.path, f.lines.added]));
  return migrationsOf({ parser: await loadPgParser(), sources: loaded.sources, added });
}

/**
 * Loaded migration sources (one a file, one an Alembic op call) as the migrations their tool
 * applies, statement by statement: what the review replays, and what a plan's SQL is applied after.
 */
export function migrationsOf(params: { parser: PgParser; sources: readonly SqlSource[]; added?: ReadonlyMap<string, ReadonlySet<number>> }): Migration[] {
  const { parser, sources } = params;
  const added = params.added ?? new Map<string, ReadonlySet<number>>();
  const built = buildStatements({ parser, sources, added });
  const parsedAt = new Map<SqlSource, Map<number, SqlStatement>>();
  for (const s of built.statements) parsedAt.set(s.source, (parsedAt.get(s.source) ?? new Map()).set(s.start, s));
  const migrations: Migration[] = [];
  for (const source of sources) {
    const statements = cutStatements({ source, added: added.get(source.path), parsedAt });
    let last = migrations[migrations.length - 1];
    // An Alembic revision is one source per op call: together they are one migration, cut where an
    // autocommit_block starts or ends (Alembic commits the revision's transaction there and opens a new one after).
    if (last && last.path === source.path && last.transaction === source.transaction) last.text += `\n${source.text}`;
    else migrations.push((last = { path: source.path, transaction: source.transaction, statements: [], text: source.text, unknown: [] }));
    const marker = unknownMarker(source, last.statements.length);
    if (marker) last.unknown.push(marker);
    last.statements.push(...statements);
  }
  return migrations;
}

/**
 * What an operation the replay cannot run may have changed: the tables of an op that was not
 * translated (or of SQL built at run time, as far as its text tells), the enum types whose labels
 * are not known. None named: it may have changed anything.
 */
function unknownMarker(source: SqlSource, at: number): UnknownMarker | undefined {
  const op = source.op;
  if (!op || (!op.unknown && !op.unknownTypes?.length)) return undefined;
  const where = `\`${op.call}\` at ${source.path}:${op.line}`;
  const types = op.unknownTypes?.map((t) => t.toLowerCase()) ?? [];
  if (!op.unknown) return { at, names: types, what: `${where}, which made the enum type without its labels (they come from a Python class that could not be read)` };
  return { at, names: [...op.tables.map((t) => t.name.toLowerCase()), ...types], what: `${where}, which the replay could not run (${op.unknown})` };
}

function cutStatements(params: { source: SqlSource; added: ReadonlySet<number> | undefined; parsedAt: Map<SqlSource, Map<number, SqlStatement>> }): LiveStatement[] {
  const { source, added, parsedAt } = params;
  const out: LiveStatement[] = [];
  for (const [from, to] of splitStatements(source.text)) {
    const byteFrom = Buffer.byteLength(source.text.slice(0, from), 'utf8');
    const byteTo = byteFrom + Buffer.byteLength(source.text.slice(from, to), 'utf8');
    const start = skipTrivia(source.bytes, byteFrom, byteTo);
    if (start >= byteTo) continue;
    const line = source.lineAt(start);
    const endLine = source.lineAt(Math.max(start, byteTo - 1));
    let changed = false;
    for (let l = line; l <= endLine && !changed; l++) changed = !!added?.has(l);
    const parsed = parsedAt.get(source)?.get(start);
    out.push({ path: source.path, source, sql: source.bytes.subarray(start, byteTo).toString('utf8'), start, line, endLine, changed, parsed });
  }
  return out;
}
