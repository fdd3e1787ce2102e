import type { Node as TsNode } from 'web-tree-sitter';
import { calleeName, literal, resolve, type Env } from './python-values.js';

/** One member of a Python enum class: `NAME = value`. */
export interface EnumMember {
  name: string;
  /** The value, tagged `s:` for a string and `n:` for a number; undefined for `auto()`. */
  value: string | undefined;
  /** The `NAME = value` assignment (a loop over the class binds its variable to it: see memberAttribute). */
  assignment: TsNode;
}

/** The class a name stands for: `Status`, or `types.Status` as the revision's imports bound it (see enumClassBindings). */
export function enumClass(node: TsNode, env: Env): TsNode | undefined {
  const bound = node.type === 'attribute' ? env.get(node.text.replace(/\s+/g, '')) : undefined;
  const value = bound ?? resolve(node, env);
  return value.node.type === 'class_definition' ? value.node : undefined;
}

/**
 * The members of an enum class body (`NAME = value`), aliases left out; undefined when a value is
 * neither a literal nor `auto()`, so that aliases cannot be told. Values are tagged: `s:` strings, `n:` numbers.
 */
export function enumMembers(cls: TsNode): EnumMember[] | undefined {
  const out: EnumMember[] = [];
  const seen = new Set<string>();
  for (const stmt of cls.childForFieldName('body')?.namedChildren ?? []) {
    const assign = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
    if (assign?.type !== 'assignment') continue;
    const left = assign.childForFieldName('left');
    const right = assign.childForFieldName('right');
    if (left?.type !== 'identifier' || !right || left.text.startsWith('_')) continue;
    if (right.type === 'lambda') continue;
    let value: string | undefined;
    const text = literal(right, new Map());
    if (text !== undefined) value = `s:${text}`;
    else if (right.type === 'integer' || right.type === 'float') value = `n:${Number(right.text.replace(/_/g, ''))}`;
    else if (!(right.type === 'call' && calleeName(right).split('.').pop() === 'auto')) return undefined;
    if (value !== undefined && seen.has(value)) continue;
    if (value !== undefined) seen.add(value);
    out.push({ name: left.text, value, assignment: assign });
  }
  return out.length ? out : undefined;
}
