import { fieldOf, unparen, walk, type PyNode } from '../syntax/py-node.js';
import type { PyFile } from './py-file.js';
import type { CallInfo, FunctionInfo } from './types.js';

/** The n-th positional argument of a call (splats and keywords are skipped), or null. */
export function positional(call: PyNode, index: number): PyNode | null {
  const args = fieldOf(call, 'arguments');
  if (!args || args.type !== 'argument_list') return null;
  let i = 0;
  for (const a of args.children) {
    if (a.type === 'keyword_argument' || a.type === 'list_splat' || a.type === 'dictionary_splat' || a.type === 'comment') continue;
    if (i === index) return a;
    i++;
  }
  return null;
}

/** The value of keyword argument `name`, or null. */
export function kwarg(call: PyNode, name: string, file: PyFile): PyNode | null {
  const kw = kwargNode(call, name, file);
  return kw ? fieldOf(kw, 'value') : null;
}

/** The whole `name=value` node of a keyword argument, or null. */
export function kwargNode(call: PyNode, name: string, file: PyFile): PyNode | null {
  const args = fieldOf(call, 'arguments');
  if (!args) return null;
  for (const a of args.children) {
    if (a.type !== 'keyword_argument') continue;
    const n = fieldOf(a, 'name');
    if (n && n.end - n.start === name.length && file.text(n) === name) return a;
  }
  return null;
}

/** Every argument expression of a call (positional values and keyword values). */
export function argumentValues(call: PyNode): PyNode[] {
  const args = fieldOf(call, 'arguments');
  if (!args) return [];
  const out: PyNode[] = [];
  for (const a of args.children) {
    if (a.type === 'comment') continue;
    if (a.type === 'keyword_argument') {
      const v = fieldOf(a, 'value');
      if (v) out.push(v);
    } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
      if (a.children[0]) out.push(a.children[0]);
    } else out.push(a);
  }
  return out;
}

/** The method name of `x.name(...)`, or null when the callee is not an attribute. */
export function methodName(call: PyNode, file: PyFile): string | null {
  const callee = fieldOf(call, 'function');
  if (!callee || callee.type !== 'attribute') return null;
  const attr = fieldOf(callee, 'attribute');
  return attr ? file.text(attr) : null;
}

/** The receiver of `x.name(...)`, or null. */
export function receiver(call: PyNode): PyNode | null {
  const callee = fieldOf(call, 'function');
  return callee && callee.type === 'attribute' ? fieldOf(callee, 'object') : null;
}

/** True when the node is a plain string literal (no f-string interpolation). */
export function isStringLiteral(node: PyNode): boolean {
  if (node.type === 'string') return !node.children.some((c) => c.type === 'interpolation');
  if (node.type === 'concatenated_string') return node.children.every(isStringLiteral);
  return false;
}

/** The value of a plain string literal (quotes and prefix removed, escapes left as written). */
export function stringValue(node: PyNode, file: PyFile): string | null {
  if (node.type === 'concatenated_string') {
    const parts = node.children.map((c) => stringValue(c, file));
    return parts.every((p) => p !== null) ? parts.join('') : null;
  }
  if (node.type !== 'string') return null;
  const raw = file.text(node);
  const m = /^[a-zA-Z]*("""|'''|"|')([\s\S]*)\1$/.exec(raw);
  return m ? m[2] : null;
}

/**
 * The argument a call passes for one parameter of the function it invokes (positional or keyword),
 * or null (a default, a splat, or no such parameter). A method called on an object or a class skips
 * its `self` / `cls`.
 */
export function boundArgument(call: PyNode, fn: FunctionInfo, param: string, file: PyFile): PyNode | null {
  const byName = kwarg(call, param, file);
  if (byName) return byName;
  const params = fn.params;
  const index = params.findIndex((p) => p.name === param);
  if (index < 0 || params.slice(0, index + 1).some((p) => p.star)) return null;
  const bound = isBound(call, fn);
  const position = index - (bound ? 1 : 0);
  // `f(*args)`: positions are unknown.
  if (position < 0 || hasSplat(call)) return null;
  // A call that cannot fill the required parameters does not match this signature (a broken call, or another
  // function of the same name): positions would pair arguments with the wrong parameters.
  if (!fillsRequired(call, params.slice(bound ? 1 : 0), file)) return null;
  return positional(call, position);
}

/**
 * Whether a call can invoke `fn` as written: every required parameter gets an argument. A call that
 * cannot (it raises `TypeError`, or it is another function of the same name) runs none of `fn`'s body.
 * A splat (`f(*args)`) may fill anything.
 */
export function callFits(call: PyNode, fn: FunctionInfo, file: PyFile): boolean {
  return hasSplat(call) || fillsRequired(call, fn.params.slice(isBound(call, fn) ? 1 : 0), file);
}

/** A method called on an object or a class: its `self` / `cls` is not among the arguments. */
function isBound(call: PyNode, fn: FunctionInfo): boolean {
  return !!fn.cls && /^(self|cls)$/.test(fn.params[0]?.name ?? '') && fieldOf(call, 'function')?.type === 'attribute';
}

/** `f(*args)` / `f(**kwargs)`: which argument fills which parameter is unknown. */
export function hasSplat(call: PyNode): boolean {
  return (fieldOf(call, 'arguments')?.children ?? []).some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat');
}

/** Every parameter without a default gets an argument, by position or by name. */
function fillsRequired(call: PyNode, params: FunctionInfo['params'], file: PyFile): boolean {
  let count = 0;
  while (positional(call, count)) count++;
  return params.every((p, i) => p.star || p.default !== null || i < count || kwarg(call, p.name, file) !== null);
}

/** The calls of `calls` made on the local `name` itself (`sets.append(x)`, `(deps).extend(more)`). */
export function callsOn(calls: readonly CallInfo[], name: string, file: PyFile): CallInfo[] {
  return calls.filter((call) => {
    const recv = receiver(call.node);
    return !!recv && unparen(recv).type === 'identifier' && file.text(unparen(recv)) === name;
  });
}

/**
 * The `name[key] = value` (or `name[key] += value`) statements of a function's own body, in source order: what a
 * function writes into a list or a dict it holds, key and value.
 */
export function subscriptWrites(fn: FunctionInfo, name: string, file: PyFile): { node: PyNode; key: PyNode | null; value: PyNode | null }[] {
  const out: { node: PyNode; key: PyNode | null; value: PyNode | null }[] = [];
  if (!fn.body) return out;
  walk(fn.body, (x) => {
    // A nested function writes its own names.
    if (x.type === 'function_definition' || x.type === 'class_definition') return false;
    if (x.type !== 'assignment' && x.type !== 'augmented_assignment') return;
    const left = fieldOf(x, 'left');
    const target = left ? unparen(left) : null;
    const object = target?.type === 'subscript' ? fieldOf(target, 'value') : null;
    if (object && unparen(object).type === 'identifier' && file.text(unparen(object)) === name) out.push({ node: x, key: fieldOf(target!, 'subscript'), value: fieldOf(x, 'right') });
  });
  return out;
}

/** The recorded call whose node is `node` (a call expression met while walking the syntax), or null. */
export function callAt(calls: readonly CallInfo[], node: PyNode): CallInfo | null {
  return calls.find((c) => c.node === node || (c.node.start === node.start && c.node.end === node.end)) ?? null;
}
