/**
 * SQL text to parse, with the way back to lines of the file it came from. libpg-query reports
 * byte offsets into the UTF-8 text, so everything here is in bytes.
 */
export interface SqlSource {
  path: string;
  text: string;
  bytes: Buffer;
  /** The 1-based line of the file that holds byte `offset` of the SQL. */
  lineAt(offset: number): number;
  /** True when the SQL is the file itself (a .sql migration), so lines can be quoted and rewritten. */
  verbatim: boolean;
  /**
   * How the migration runner wraps this SQL in a transaction: 'file' runs the whole file as one
   * (the Supabase CLI), 'always' runs it inside the migration's transaction (Alembic outside
   * autocommit_block), 'none' when unknown (only an explicit BEGIN counts).
   */
  transaction: 'file' | 'always' | 'none';
  /**
   * For embedded SQL, the host-language comment attached above the call that runs it (a Python
   * `# ...` block above `op.execute(...)`): it speaks about the statements the call runs.
   */
  leadingComment?: string;
  /** For SQL translated from a migration operation (an Alembic op): what the op is and acts on. */
  op?: MigrationOp;
  /**
   * The op leaves CONCURRENTLY to the run (`postgresql_concurrently=concurrently`, a flag the migration reads from its
   * environment): the author made the lock a deployment's choice, so no rule asks for CONCURRENTLY again.
   */
  concurrentlyAtRunTime?: boolean;
  /**
   * The migration runs it only when a condition the deploy decides holds, or under a handler that
   * catches its failure (see alembic/interpret.ts): a failure in a replay is no proof the deploy stops.
   */
  conditional?: boolean;
}

/** A table as a migration operation names it; no schema means the default one. */
export interface TableRef {
  schema?: string;
  name: string;
}

/**
 * A migration operation the SQL was translated from. When `unknown` says what could not be
 * translated, the model does not take the tables for fully known: an index, a column or a policy
 * may exist that it did not see, so no finding may rest on their absence.
 */
export interface MigrationOp {
  /** The call as a reader names it: "op.create_table", "batch_op.create_index". */
  call: string;
  line: number;
  tables: TableRef[];
  /** True when the op creates its first table. */
  creates: boolean;
  unknown?: string;
  /**
   * Enum types it creates whose labels could not be read (`sa.Enum(SomeClass)` of a class not found):
   * the SQL makes them without labels, so no value of them may be judged.
   */
  unknownTypes?: string[];
}

/** A piece of embedded SQL (one Python string fragment) and the file line where it starts. */
export interface SourceSegment {
  text: string;
  line: number;
}

export function fileSource(path: string, text: string, transaction: SqlSource['transaction'] = 'none'): SqlSource {
  const bytes = Buffer.from(text, 'utf8');
  const newlines = newlineOffsets(bytes);
  return { path, text, bytes, verbatim: true, transaction, lineAt: (offset) => 1 + countBefore(newlines, offset) };
}

/** SQL assembled from string fragments of another file (an Alembic `op.execute("...")`). */
export function embeddedSource(path: string, segments: readonly SourceSegment[], transaction: SqlSource['transaction'] = 'none'): SqlSource {
  const text = segments.map((s) => s.text).join('');
  const bytes = Buffer.from(text, 'utf8');
  const newlines = newlineOffsets(bytes);
  const starts: number[] = [];
  let at = 0;
  for (const s of segments) {
    starts.push(at);
    at += Buffer.byteLength(s.text, 'utf8');
  }
  const lineAt = (offset: number): number => {
    const i = Math.max(0, countBefore(starts, offset + 1) - 1);
    const seg = segments[i];
    if (!seg) return 1;
    return seg.line + countBefore(newlines, offset) - countBefore(newlines, starts[i]);
  };
  return { path, text, bytes, verbatim: false, transaction, lineAt };
}

/** SQL translated from one call (an Alembic op): every byte of it belongs to the call's line. */
export function translatedSource(params: { path: string; text: string; line: number; transaction: SqlSource['transaction'] }): SqlSource {
  const { path, text, line, transaction } = params;
  return { path, text, bytes: Buffer.from(text, 'utf8'), verbatim: false, transaction, lineAt: () => line };
}

function newlineOffsets(bytes: Buffer): number[] {
  const out: number[] = [];
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) out.push(i);
  return out;
}

/** How many of the sorted `offsets` are below `limit` (binary search). */
function countBefore(offsets: readonly number[], limit: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid] < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The offset of the first byte at or after `offset` that is not whitespace or a comment. */
export function skipTrivia(bytes: Buffer, offset: number, end = bytes.length): number {
  let i = offset;
  while (i < end) {
    const c = bytes[i];
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) i++;
    else if (c === 45 && bytes[i + 1] === 45) {
      const nl = bytes.indexOf(10, i);
      i = nl < 0 ? end : nl + 1;
    } else if (c === 47 && bytes[i + 1] === 42) i = skipBlockComment(bytes, i, end);
    else break;
  }
  return Math.min(i, end);
}

/** Block comments nest in PostgreSQL. */
function skipBlockComment(bytes: Buffer, start: number, end: number): number {
  let depth = 0;
  let i = start;
  while (i < end) {
    if (bytes[i] === 47 && bytes[i + 1] === 42) {
      depth++;
      i += 2;
    } else if (bytes[i] === 42 && bytes[i + 1] === 47) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return end;
}
