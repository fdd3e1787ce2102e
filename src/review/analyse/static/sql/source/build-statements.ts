import type { Note } from '../../../../types.js';
import { as, constValue, tagOf } from '../ast/node.js';
import type { SqlStatement } from '../model/types.js';
import type { PgParser } from '../pg-parser.js';
import { parseSource, type RawStatement } from './parse-source.js';
import { preambleComment } from './attached-comment.js';
import type { SqlSource } from './sql-source.js';

export interface BuiltStatements {
  statements: SqlStatement[];
  notes: Note[];
}

/**
 * Parses every source once, in replay order, into numbered statements that know their file lines
 * and whether the pull request added any of them (`added`: path -> added line numbers).
 */
export function buildStatements(params: {
  parser: PgParser;
  sources: readonly SqlSource[];
  added: ReadonlyMap<string, ReadonlySet<number>>;
}): BuiltStatements {
  const { parser, sources, added } = params;
  const statements: SqlStatement[] = [];
  const notes: Note[] = [];
  const schemaOfPath = new Map<string, string>();
  for (const source of sources) {
    const parsed = parseSource(parser, source);
    for (const f of parsed.failures) {
      const line = source.lineAt(f.offset);
      notes.push({ path: source.path, line, message: `SQL statement at ${source.path}:${line} was not analysed: ${f.message}` });
    }
    const addedLines = added.get(source.path);
    for (const raw of parsed.statements) {
      const stmt = toStatement({ raw, source, id: statements.length, addedLines });
      // A comment above the call that runs embedded SQL speaks about all of it, unless the SQL has its own.
      stmt.comment = preambleComment(raw.preamble) || (source.leadingComment ?? '');
      stmt.defaultSchema = schemaOfPath.get(source.path) ?? 'public';
      const schema = searchPathHead(raw);
      if (schema) schemaOfPath.set(source.path, schema);
      statements.push(stmt);
    }
  }
  return { statements, notes };
}

function toStatement(params: { raw: RawStatement; source: SqlSource; id: number; addedLines: ReadonlySet<number> | undefined }): SqlStatement {
  const { raw, source, id, addedLines } = params;
  const line = source.lineAt(raw.start);
  const endLine = source.lineAt(Math.max(raw.start, raw.end - 1));
  let changed = false;
  if (addedLines?.size) {
    for (let l = line; l <= endLine && !changed; l++) changed = addedLines.has(l);
  }
  return {
    id,
    path: source.path,
    node: raw.node,
    tag: tagOf(raw.node) ?? 'Unknown',
    source,
    start: raw.start,
    end: raw.end,
    line,
    endLine,
    preamble: raw.preamble,
    comment: '',
    changed,
    defaultSchema: 'public',
  };
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
