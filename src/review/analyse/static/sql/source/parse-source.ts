import type { PgParser } from '../../parsers/pg-parser.js';
import type { PgNode } from '../ast/node.js';
import { skipTrivia, type SqlSource } from './sql-source.js';
import { splitStatements } from './split-statements.js';

/** One parsed top-level statement; offsets are bytes into `source.bytes`. */
export interface RawStatement {
  node: PgNode;
  /** First byte of the statement's first token (leading comments skipped). */
  start: number;
  end: number;
  /** The text between the previous statement and this one: the comments a reviewer reads first. */
  preamble: string;
}

export interface ParseFailure {
  /** Byte offsets of the statement that failed: its first token and its end. */
  offset: number;
  end: number;
  message: string;
}

export interface ParsedSource {
  statements: RawStatement[];
  failures: ParseFailure[];
}

/**
 * Parses a source once; when that fails, re-parses statement by statement so that one statement
 * the parser rejects costs only itself.
 */
export function parseSource(parser: PgParser, source: SqlSource): ParsedSource {
  try {
    return { statements: toStatements(parser.parse(source.text), { source, base: 0, limit: source.bytes.length }), failures: [] };
  } catch {
    return parseChunks(parser, source);
  }
}

function parseChunks(parser: PgParser, source: SqlSource): ParsedSource {
  const statements: RawStatement[] = [];
  const failures: ParseFailure[] = [];
  for (const [from, to] of splitStatements(source.text)) {
    const base = Buffer.byteLength(source.text.slice(0, from), 'utf8');
    const chunk = source.text.slice(from, to);
    const limit = base + Buffer.byteLength(chunk, 'utf8');
    try {
      const tree = parser.parse(chunk);
      shiftLocations(tree, base);
      statements.push(...toStatements(tree, { source, base, limit }));
    } catch (err) {
      const offset = skipTrivia(source.bytes, base, limit);
      failures.push({ offset, end: limit, message: errorMessage(err) });
    }
  }
  return { statements, failures };
}

interface ParseTree {
  stmts?: Array<{ stmt?: PgNode; stmt_location?: number; stmt_len?: number }>;
}

/** Where a parsed string sits in its source: bytes [base, limit). */
interface Span {
  source: SqlSource;
  base: number;
  limit: number;
}

function toStatements(tree: ParseTree, { source, base, limit }: Span): RawStatement[] {
  const out: RawStatement[] = [];
  let previousEnd = base;
  for (const raw of tree.stmts ?? []) {
    if (!raw.stmt) continue;
    const location = base + (raw.stmt_location ?? 0);
    const end = raw.stmt_len ? location + raw.stmt_len : limit;
    const start = skipTrivia(source.bytes, location, end);
    const preamble = source.bytes.subarray(previousEnd, start).toString('utf8');
    out.push({ node: raw.stmt, start, end: Math.max(start, end), preamble });
    previousEnd = end;
  }
  return out;
}

/** Node locations of a chunk's tree are relative to the chunk; make them offsets into the source. */
function shiftLocations(tree: unknown, base: number): void {
  if (base === 0) return;
  const todo: unknown[] = [tree];
  while (todo.length) {
    const value = todo.pop();
    if (!value || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) todo.push(item);
      continue;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const v = record[key];
      if (key === 'location' && typeof v === 'number' && v >= 0) record[key] = v + base;
      else if (key !== 'stmt_location' && v && typeof v === 'object') todo.push(v);
    }
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
