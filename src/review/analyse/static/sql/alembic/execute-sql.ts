import type { Node as TsNode } from 'web-tree-sitter';
import type { SourceSegment } from '../source/sql-source.js';
import { hasNoSchemaEffect } from '../source/mentioned-tables.js';
import { callArgs } from './call-args.js';
import { calleeName, calleeTail, literal, resolve, segmentsOf, type Env } from './python-values.js';
import { ident } from './sql-names.js';

/** What an `op.execute(x)` / `conn.execute(x)` runs, as far as the migration's text tells. */
export type ExecuteArg =
  | { kind: 'sql'; segments: SourceSegment[] }
  /** A data change or query built with SQLAlchemy Core (`table.update().where(...)`): no schema effect. */
  | { kind: 'data' }
  /** SQL built at run time; `template` holds the literal text around the computed parts, for a guess at its tables. */
  | { kind: 'unknown'; reason: string; template: string };

/** Calls whose first argument is the SQL: `text()` (also imported as `sql_text`), `sa.DDL()`, `literal_column()`. */
const SQL_WRAPPERS = /(^|\.)(text|\w+_text|DDL)$/;
/** Methods of a text() clause that return it (`.bindparams(...)`, `.execution_options(...)`). */
const SAME_CLAUSE = new Set(['bindparams', 'execution_options', 'columns', 'params']);
/** Core expression methods and constructors that build a query or a data change (`pg_insert(t).on_conflict_do_update(...)`). */
const DATA_BUILDERS =
  /\.(insert|update|delete|values|where|select|filter|on_conflict_do_update|on_conflict_do_nothing|from_select|returning)\s*\(|(^|[^A-Za-z])(insert|update|delete|select|upsert)\s*\(/;
/** SQLAlchemy DDL constructs for sequences: `CreateSequence(Sequence("name"))`, `DropSequence(...)`. */
const SEQUENCE_DDL: Record<string, string> = { CreateSequence: 'CREATE SEQUENCE', DropSequence: 'DROP SEQUENCE' };

const MAX_DEPTH = 8;

export function executeArg(node: TsNode, env: Env, depth = 0): ExecuteArg {
  const { node: n, env: scope } = resolve(node, env);
  const segments = segmentsOf(n, scope);
  if (segments) return { kind: 'sql', segments };
  if (n.type === 'call' && depth < MAX_DEPTH) {
    const fn = n.childForFieldName('function');
    const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
    if (method && SAME_CLAUSE.has(method) && object) return executeArg(object, scope, depth + 1);
    const first = callArgs(n).positional[0];
    if (SQL_WRAPPERS.test(calleeName(n)) && calleeTail(n) !== 'execute' && first) return executeArg(first, scope, depth + 1);
    // A sequence the migration makes (a later `nextval('..._seq')` uses it): its DDL, when its name is written out.
    const ddl = SEQUENCE_DDL[calleeTail(n)];
    if (ddl && first) {
      const name = sequenceName(first, scope);
      return name ? { kind: 'sql', segments: [{ text: `${ddl} ${ident(name)}`, line: n.startPosition.row + 1 }] } : { kind: 'unknown', reason: 'the sequence is not named in the code', template: '' };
    }
  }
  const template = templateText(n);
  if (DATA_BUILDERS.test(n.text)) return { kind: 'data' };
  if (hasNoSchemaEffect(template)) return { kind: 'data' };
  return { kind: 'unknown', reason: 'the SQL is built at run time', template };
}

/** `Sequence("name", ...)` (or a name bound to one): the sequence's name. */
function sequenceName(node: TsNode, env: Env): string | undefined {
  const { node: n, env: scope } = resolve(node, env);
  if (n.type !== 'call' || calleeTail(n) !== 'Sequence') return undefined;
  const first = callArgs(n).positional[0];
  return first ? literal(first, scope) : undefined;
}

/** The literal parts of an f-string, `"...".format()` or `"..." % x`, each interpolation as `{}`. */
function templateText(n: TsNode): string {
  const strings = n.type === 'string' ? [n] : n.descendantsOfType('string').filter((s): s is TsNode => !!s);
  return strings
    .map((s) =>
      s.namedChildren
        .map((c) => (c?.type === 'string_content' ? c.text : c?.type === 'interpolation' ? '{}' : ''))
        .join(''),
    )
    .join(' ');
}
