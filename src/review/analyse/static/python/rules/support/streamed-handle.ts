import { fieldOf, type PyNode } from '../../syntax/py-node.js';
import { boundLocal } from './locals.js';
import { kwarg, positional, stringValue } from '../../model/call-args.js';
import { isAwaited } from '../../model/semantics.js';
import { refsOf } from '../../model/refs.js';
import type { CallInfo } from '../../model/types.js';

/** Statements end the search for the call an expression is an argument of. */
const STATEMENT = /_statement$|^(block|module|function_definition|class_definition)$/;

/**
 * True for a file opened for reading only to be handed to an awaited call, which streams it:
 * `await client.post(url, files={"f": (name, open(p, "rb"))})`, `with open(p, "rb") as f: await
 * blob.upload_blob(data=f)`, or a `files = [("file", (name, f))]` list built for one. Opening is one
 * local syscall; the reads happen in the upload's chunks between its network awaits. Listed with a
 * function's real file work, never a finding of its own.
 */
export function handedToAwaitedCall(call: CallInfo): boolean {
  const file = call.scope.module.file;
  // `open(path, mode)`, `gzip.open(path, mode)`, and `path.open(mode)`, whose first argument is the mode.
  const first = positional(call.node, 0);
  const pathMode = first && /^[rwax][bt+]{0,2}$/.test(stringValue(first, file) ?? '') ? first : null;
  const mode = pathMode ?? positional(call.node, 1) ?? kwarg(call.node, 'mode', file);
  const m = mode ? stringValue(mode, file) : 'r';
  if (m === null || !call.fn) return false;
  const name = boundLocal(call);
  if (!/^r[bt]?$/.test(m)) return !!name && offloadedOnly(call, name);
  if (inAwaitedArguments(call.node)) return true;
  if (!name) return false;
  const uses = refsOf(call.fn, name).filter((r) => r.start > call.node.end);
  return uses.length > 0 && uses.every((r) => isClose(r, name, call) || inAwaitedArguments(r) || viaContainer(r, call));
}

/**
 * A file opened for writing whose methods the function only hands, uncalled, to an awaited call that runs them in
 * a thread: `await asyncio.to_thread(f.write, chunk)`, `await run_in_pool(functools.partial(f.write, chunk))`.
 * The writes are off the loop; the open is one syscall. A handle given whole (`download(into=f)`) is not: the
 * callee may write to it between its awaits.
 */
function offloadedOnly(call: CallInfo, name: string): boolean {
  const file = call.scope.module.file;
  const uses = refsOf(call.fn!, name).filter((r) => r.start > call.node.end);
  return uses.length > 0 && uses.every((r) => {
    if (isClose(r, name, call)) return true;
    const attr = r.parent;
    if (attr?.type !== 'attribute' || !/^(write|writelines|flush|truncate|seek)$/.test(file.text(fieldOf(attr, 'attribute')!))) return false;
    const called = attr.parent?.type === 'call' && attr.field === 'function';
    return !called && inAwaitedArguments(attr);
  });
}

/** `f.close()`. */
function isClose(ref: PyNode, name: string, call: CallInfo): boolean {
  const attr = ref.parent;
  return attr?.type === 'attribute' && attr.parent?.type === 'call' && call.scope.module.file.text(attr) === `${name}.close`;
}

/** The node sits inside the arguments of a call that is awaited, within its statement. */
function inAwaitedArguments(node: PyNode): boolean {
  for (let n = node.parent; n && !STATEMENT.test(n.type); n = n.parent) {
    if (n.type === 'argument_list' && n.parent?.type === 'call' && isAwaited(n.parent)) return true;
  }
  return false;
}

/** `files = [("file", (name, f))]` whose every later use is an awaited call's argument. */
function viaContainer(ref: PyNode, call: CallInfo): boolean {
  let n: PyNode | null = ref.parent;
  while (n && /^(tuple|list|dictionary|pair|parenthesized_expression|expression_list)$/.test(n.type)) n = n.parent;
  if (n?.type !== 'assignment' || n === ref.parent) return false;
  const left = fieldOf(n, 'left');
  if (left?.type !== 'identifier') return false;
  const uses = refsOf(call.fn!, call.scope.module.file.text(left)).filter((r) => r.start > n!.end);
  return uses.length > 0 && uses.every(inAwaitedArguments);
}
