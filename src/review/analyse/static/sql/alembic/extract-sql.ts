import type { Node as TsNode } from 'web-tree-sitter';
import { loadPythonParser } from '../../parsers/python-parser.js';
import { attachedComment } from '../source/attached-comment.js';
import { tablesInDdl } from '../source/mentioned-tables.js';
import { embeddedSource, translatedSource, type MigrationOp, type SourceSegment, type SqlSource } from '../source/sql-source.js';
import { neutraliseBindParams } from './bind-params.js';
import { callArgs } from './call-args.js';
import { executeArg } from './execute-sql.js';
import { enumClassBindings, type ModuleReader } from './imported-classes.js';
import { upgradeSteps, type Step } from './interpret.js';
import { opToSql } from './ops-to-sql.js';
import { explicitEnumDdl } from './sa-types.js';

/**
 * The SQL an Alembic revision runs on upgrade, one source per call in the order Alembic runs them:
 * `op.execute("...")`, `op.execute(sa.text("..."))`, `conn.execute(text(...))` (also through a
 * name bound to a literal), and the DDL of every Alembic operation, `batch_op.*` included
 * (PostgreSQL runs batch operations as plain ALTERs). An operation that cannot be translated
 * becomes a source with no SQL and `op.unknown` set, so the model knows what it did not see.
 * downgrade() is not replayed: it undoes the revision. `read` reads the project's modules, for the
 * enum classes the revision imports.
 */
export async function extractAlembicSql(path: string, text: string, read?: ModuleReader): Promise<SqlSource[]> {
  const parser = await loadPythonParser();
  const tree = parser.parse(text);
  if (!tree) return [];
  const classes = await enumClassBindings({ root: tree.rootNode, path, parser, read }).catch((err: unknown) => {
    tree.delete();
    throw err;
  });
  try {
    const lines = text.split('\n');
    const sources: SqlSource[] = [];
    for (const step of upgradeSteps(tree.rootNode, classes.bindings)) {
      const source = stepSource(path, step);
      if (!source) continue;
      source.leadingComment = attachedComment(lines.slice(0, statementOf(step.call).startPosition.row), 'python');
      if (step.conditional) source.conditional = true;
      if (concurrentlyAtRunTime(step.call)) source.concurrentlyAtRunTime = true;
      sources.push(source);
    }
    return sources;
  } finally {
    tree.delete();
    for (const t of classes.trees) t.delete();
  }
}

function stepSource(path: string, step: Step): SqlSource | undefined {
  const line = step.call.startPosition.row + 1;
  const transaction = step.autocommit ? 'none' : 'always';
  if (step.op === 'execute') {
    const args = callArgs(step.call);
    const arg = args.positional[0] ?? args.keyword.get('sqltext') ?? args.keyword.get('statement');
    const run = arg ? executeArg(arg, step.env) : undefined;
    if (!run || run.kind === 'data') return undefined;
    if (run.kind === 'sql') return embeddedSource(path, neutralised(run.segments), transaction);
    const { tables, creates } = tablesInDdl(run.template);
    return opSource({ path, op: { call: step.display, line, tables, creates, unknown: run.reason }, transaction });
  }
  if (step.op === 'type_create' || step.op === 'type_drop') {
    const receiver = step.call.childForFieldName('function')?.childForFieldName('object');
    const ddl = receiver ? explicitEnumDdl(receiver, step.env, step.op === 'type_create' ? 'create' : 'drop') : undefined;
    // Another object's `.create()` / `.drop()` (a table's, a sequence's): not a type this reads.
    if (!ddl) return undefined;
    return opSource({ path, op: { call: step.display, line, tables: [], creates: false }, sql: ddl.sql, transaction });
  }
  const translated = opToSql({ name: step.op, call: step.call, env: step.env, batch: step.batch });
  if (!translated || (!translated.sql && !translated.unknown)) return undefined;
  const op: MigrationOp = { call: step.display, line, tables: translated.tables, creates: !!translated.creates, unknown: translated.unknown };
  if (translated.unknownTypes?.length) op.unknownTypes = translated.unknownTypes;
  return opSource({ path, op, sql: translated.sql, transaction });
}

/** The SQL of one operation, all of it on the call's line; with no SQL, an operation the model records as not understood. */
function opSource(params: { path: string; op: MigrationOp; sql?: string; transaction: SqlSource['transaction'] }): SqlSource {
  const { path, op, sql = '', transaction } = params;
  const source = translatedSource({ path, text: sql, line: op.line, transaction });
  source.op = op;
  return source;
}

/** Bind parameters made parseable, each segment keeping its length so lines still map to the file. */
function neutralised(segments: SourceSegment[]): SourceSegment[] {
  const text = neutraliseBindParams(segments.map((s) => s.text).join(''));
  let at = 0;
  return segments.map((s) => {
    const part = text.slice(at, at + s.text.length);
    at += s.text.length;
    return { ...s, text: part };
  });
}

/** The statement a call belongs to (`op.execute(...)`, `x = conn.execute(...)`), where a reader puts its comment. */
function statementOf(call: TsNode): TsNode {
  let node = call;
  while (node.parent && node.parent.type !== 'block' && node.parent.type !== 'module') node = node.parent;
  return node;
}

/** `postgresql_concurrently=` given a value that is not a literal (a name, a call, a test): decided when the migration runs. */
function concurrentlyAtRunTime(call: TsNode): boolean {
  const args = call.childForFieldName('arguments');
  return (args?.namedChildren ?? []).some((a) => {
    if (a?.type !== 'keyword_argument' || a.childForFieldName('name')?.text !== 'postgresql_concurrently') return false;
    const value = a.childForFieldName('value');
    return !!value && !['true', 'false', 'none'].includes(value.type);
  });
}
