import type { Node as TsNode } from 'web-tree-sitter';
import { stringSegments } from './python-strings.js';

/** The positional and keyword arguments of a Python call node. */
export interface CallArgs {
  positional: TsNode[];
  keyword: Map<string, TsNode>;
}

export function callArgs(call: TsNode): CallArgs {
  const positional: TsNode[] = [];
  const keyword = new Map<string, TsNode>();
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!arg || arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (name && value) keyword.set(name, value);
    } else positional.push(arg);
  }
  return { positional, keyword };
}

/** The dotted name a call invokes: "op.execute", "sa.Column", "text". */
export function calleeName(call: TsNode): string {
  return call.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '';
}

/** The last segment of the callee: "execute" for `op.get_bind().execute`. */
export function calleeTail(call: TsNode): string {
  const name = calleeName(call);
  return name.slice(name.lastIndexOf('.') + 1);
}

/** The value of a plain string literal, undefined for anything else. */
export function literal(node: TsNode | undefined | null): string | undefined {
  if (!node) return undefined;
  const segments = stringSegments(node);
  return segments?.map((s) => s.text).join('');
}

/** SQL given as a string literal or `sa.text("...")` (postgresql_where=, a check condition). */
export function sqlText(node: TsNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'call' && calleeTail(node) === 'text') return literal(callArgs(node).positional[0]);
  return literal(node);
}

export function isTrue(node: TsNode | undefined): boolean {
  return node?.type === 'true';
}

export function isFalse(node: TsNode | undefined): boolean {
  return node?.type === 'false';
}

/** The string items of a list or tuple literal. */
export function stringList(node: TsNode | undefined): string[] {
  if (!node) return [];
  if (node.type !== 'list' && node.type !== 'tuple') {
    const one = literal(node);
    return one === undefined ? [] : [one];
  }
  return node.namedChildren.map((c) => literal(c) ?? (c && c.type === 'call' ? `(${literal(callArgs(c).positional[0]) ?? 'expr'})` : 'expr'));
}
