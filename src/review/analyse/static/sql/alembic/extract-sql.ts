import type { Node as TsNode } from 'web-tree-sitter';
import { loadPythonParser } from '../../python/parser.js';
import { attachedComment } from '../source/attached-comment.js';
import { embeddedSource, type SourceSegment, type SqlSource } from '../source/sql-source.js';
import { callArgs, calleeName, calleeTail } from './call-args.js';
import { opToSql } from './ops-to-sql.js';
import { stringSegments } from './python-strings.js';

const EXECUTE = new Set(['execute', 'exec_driver_sql']);
const TEXT = new Set(['text', 'sa.text', 'sqlalchemy.text']);

/**
 * The SQL an Alembic revision runs on upgrade, one source per call: `op.execute("...")`,
 * `op.execute(sa.text("..."))`, `conn.execute(text(...))` (also through a variable bound to a
 * literal), and the DDL of op.create_table / add_column / create_index / drop_index /
 * create_foreign_key / alter_column. downgrade() is not replayed: it undoes the revision.
 */
export async function extractAlembicSql(path: string, text: string): Promise<SqlSource[]> {
  const parser = await loadPythonParser();
  const tree = parser.parse(text);
  if (!tree) return [];
  try {
    const root = tree.rootNode;
    const upgrade = root.namedChildren.find(
      (n) => n?.type === 'function_definition' && n.childForFieldName('name')?.text === 'upgrade',
    );
    if (!upgrade) return [];
    const bindings = stringBindings([root, upgrade.childForFieldName('body')]);
    const sources: SqlSource[] = [];
    const lines = text.split('\n');
    for (const call of upgrade.descendantsOfType('call')) {
      if (!call) continue;
      const segments = sqlOfCall(call, bindings);
      if (!segments?.length) continue;
      const source = embeddedSource(path, segments, inAutocommitBlock(call) ? 'none' : 'always');
      source.leadingComment = attachedComment(lines.slice(0, statementOf(call).startPosition.row), 'python');
      sources.push(source);
    }
    return sources;
  } finally {
    tree.delete();
  }
}

function sqlOfCall(call: TsNode, bindings: Map<string, TsNode>): SourceSegment[] | undefined {
  const tail = calleeTail(call);
  if (EXECUTE.has(tail)) {
    const arg = callArgs(call).positional[0];
    return arg ? sqlOfArgument(arg, bindings) : undefined;
  }
  if (!calleeName(call).startsWith('op.')) return undefined;
  const sql = opToSql(call);
  return sql ? [{ text: sql, line: call.startPosition.row + 1 }] : undefined;
}

function sqlOfArgument(node: TsNode, bindings: Map<string, TsNode>): SourceSegment[] | undefined {
  if (node.type === 'parenthesized_expression') {
    const inner = node.namedChildren[0];
    return inner ? sqlOfArgument(inner, bindings) : undefined;
  }
  if (node.type === 'identifier') {
    const bound = bindings.get(node.text);
    return bound ? sqlOfArgument(bound, new Map()) : undefined;
  }
  if (node.type === 'call' && TEXT.has(calleeName(node))) {
    const arg = callArgs(node).positional[0];
    return arg ? sqlOfArgument(arg, bindings) : undefined;
  }
  return stringSegments(node);
}

/** The statement a call belongs to (`op.execute(...)`, `x = conn.execute(...)`), where a reader puts its comment. */
function statementOf(call: TsNode): TsNode {
  let node = call;
  while (node.parent && node.parent.type !== 'block' && node.parent.type !== 'module') node = node.parent;
  return node;
}

/** Alembic runs a revision in a transaction, except inside `with op.get_context().autocommit_block():`. */
function inAutocommitBlock(node: TsNode): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'with_statement' && /autocommit_block\s*\(/.test(n.namedChildren[0]?.text ?? '')) return true;
  }
  return false;
}

/** `NAME = "literal"` assignments at module level and in upgrade(), last one wins. */
function stringBindings(scopes: (TsNode | null | undefined)[]): Map<string, TsNode> {
  const out = new Map<string, TsNode>();
  for (const scope of scopes) {
    for (const stmt of scope?.namedChildren ?? []) {
      const assign = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
      if (assign?.type !== 'assignment') continue;
      const left = assign.childForFieldName('left');
      const right = assign.childForFieldName('right');
      if (left?.type === 'identifier' && right && (right.type === 'string' || right.type === 'concatenated_string' || right.type === 'call')) {
        out.set(left.text, right);
      }
    }
  }
  return out;
}
