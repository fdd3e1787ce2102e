import type { Note } from '../../../../../domain/types.js';
import { as, constValue, tagOf, type PgNode } from '../ast/node.js';
import { internalErrorNote } from '../shared/internal-error.js';
import type { SqlStatement, UnknownEffect } from '../model/types.js';
import type { PgParser } from '../../parsers/pg-parser.js';
import { parseSource, type ParseFailure, type ParsedSource, type RawStatement } from '../source/parse-source.js';
import { preambleComment } from '../source/attached-comment.js';
import { hasNoSchemaEffect, tablesInDdl } from '../source/mentioned-tables.js';
import type { SqlSource } from '../source/sql-source.js';

export interface BuiltStatements {
  statements: SqlStatement[];
  notes: Note[];
}

interface Build {
  parser: PgParser;
  added: ReadonlyMap<string, ReadonlySet<number>>;
  statements: SqlStatement[];
  notes: Note[];
  schemaOfPath: Map<string, string>;
}

/**
 * Parses every source once, in replay order, into numbered statements that know their file lines
 * and whether the pull request added any of them (`added`: path -> added line numbers). What could
 * not be parsed or translated becomes a note and an 'Untranslated' statement naming the tables it
 * may have changed, so the model never takes them for fully known. An internal error costs its
 * source only.
 */
export function buildStatements(params: {
  parser: PgParser;
  sources: readonly SqlSource[];
  added: ReadonlyMap<string, ReadonlySet<number>>;
}): BuiltStatements {
  const build: Build = { parser: params.parser, added: params.added, statements: [], notes: [], schemaOfPath: new Map() };
  for (const source of params.sources) {
    const before = build.statements.length;
    try {
      buildSource(build, source);
    } catch (err) {
      build.statements.length = before;
      build.notes.push(internalErrorNote({ path: source.path, line: source.op?.line, err }));
    }
  }
  return { statements: build.statements, notes: build.notes };
}

function buildSource(build: Build, source: SqlSource): void {
  const parsed: ParsedSource = source.text.trim() ? parseSource(build.parser, source) : { statements: [], failures: [] };
  // Statements and failures in source order: what a failed statement may have created exists for the ones after it.
  const items = [...parsed.statements.map((raw) => ({ at: raw.start, raw })), ...parsed.failures.map((failure) => ({ at: failure.offset, failure }))];
  items.sort((a, b) => a.at - b.at);
  for (const item of items) {
    if ('raw' in item) addParsed(build, source, item.raw);
    else if (!source.op) addFailure(build, source, item.failure);
  }
  const op = source.op;
  if (!op) return;
  const failure = parsed.failures[0];
  const reason = op.unknown ?? (failure && `the SQL it runs could not be parsed (${failure.message})`);
  if (!reason) return;
  const names = op.tables.map((t) => (t.schema ? `${t.schema}.${t.name}` : t.name));
  build.notes.push({ path: source.path, line: op.line, message: `${op.call}${names.length ? ` on ${names.join(', ')}` : ''} was not translated: ${reason}` });
  untranslated(build, source, { tables: op.tables, creates: op.creates, line: op.line });
}

function addParsed(build: Build, source: SqlSource, raw: RawStatement): void {
  const stmt = toStatement({ build, source, node: raw.node, start: raw.start, end: raw.end, preamble: raw.preamble });
  stmt.comment = preambleComment(raw.preamble) || (source.leadingComment ?? '');
  const schema = searchPathHead(raw);
  if (schema) build.schemaOfPath.set(source.path, schema);
}

function addFailure(build: Build, source: SqlSource, failure: ParseFailure): void {
  const line = source.lineAt(failure.offset);
  const text = source.bytes.subarray(failure.offset, failure.end).toString('utf8');
  // A query or data change a migration embeds (bind parameters the parser rejects) changes no schema.
  if (!source.verbatim && hasNoSchemaEffect(text)) return;
  build.notes.push({ path: source.path, line, message: `SQL statement at ${source.path}:${line} was not analysed: ${failure.message}` });
  const effect = tablesInDdl(text);
  if (effect.tables.length) untranslated(build, source, { ...effect, line });
}

/** A statement standing for SQL the model could not read: the tables it may have created or changed. */
function untranslated(build: Build, source: SqlSource, effect: UnknownEffect & { line: number }): void {
  const stmt = toStatement({ build, source, node: {} as PgNode, start: 0, end: 0, preamble: '', line: effect.line });
  stmt.tag = 'Untranslated';
  stmt.unknown = { tables: effect.tables, creates: effect.creates };
}

function toStatement(params: { build: Build; source: SqlSource; node: PgNode; start: number; end: number; preamble: string; line?: number }): SqlStatement {
  const { build, source, node, start, end, preamble } = params;
  const line = params.line ?? source.lineAt(start);
  const endLine = params.line ?? source.lineAt(Math.max(start, end - 1));
  const addedLines = build.added.get(source.path);
  let changed = false;
  if (addedLines?.size) {
    for (let l = line; l <= endLine && !changed; l++) changed = addedLines.has(l);
  }
  const stmt: SqlStatement = {
    id: build.statements.length,
    path: source.path,
    node,
    tag: tagOf(node) ?? 'Unknown',
    source,
    start,
    end,
    line,
    endLine,
    preamble,
    comment: '',
    changed,
    defaultSchema: build.schemaOfPath.get(source.path) ?? 'public',
  };
  build.statements.push(stmt);
  return stmt;
}

/** `set search_path to app, public` makes `app` the schema of later unqualified names in the file. */
function searchPathHead(raw: RawStatement): string | undefined {
  const set = as(raw.node, 'VariableSetStmt');
  if (set?.name !== 'search_path' || set.kind !== 'VAR_SET_VALUE') return undefined;
  for (const arg of set.args ?? []) {
    const value = constValue(arg) ?? as(arg, 'String')?.sval;
    if (typeof value === 'string' && value && value !== '$user') return value.replace(/^"|"$/g, '');
  }
  return undefined;
}
