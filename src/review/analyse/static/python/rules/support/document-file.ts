import { fieldOf, unparen, walk, type PyNode } from '../../syntax/py-node.js';
import { kwarg, positional, stringValue } from '../../model/call-args.js';
import type { CallInfo } from '../../model/types.js';

/** A whole structured document parsed or serialised in one call: `json.load(f)`, `yaml.safe_dump(cfg, f)`. */
const CODEC = /^(?:json|ujson|orjson|yaml|toml|tomllib|tomli|tomli_w|tomlkit)\.(?:loads?|safe_load|full_load|dumps?|safe_dump)$/;

/**
 * True for a file opened to hold a settings- or state-sized document, or a log line:
 * - the handle only feeds a JSON / YAML / TOML codec (`with open(p) as f: cfg = yaml.safe_load(f)`,
 *   `json.dump(state, f)`);
 * - the text goes straight into or out of one (`json.loads(path.read_text())`,
 *   `path.write_text(json.dumps(state))`);
 * - the file is opened to append text (`open(log, "a")`, a journal or log line; appending bytes may
 *   be an upload).
 * Such I/O is a local syscall on a small file, listed with a function's real file work but not worth
 * a finding of its own; bulk data (uploads, copies, exports, media) is never read through a codec in one go.
 */
export function handlesDocument(call: CallInfo, method: string | null): boolean {
  const file = call.scope.module.file;
  if (method === 'read_text' || method === 'read_bytes') return feedsCodec(call.node, call);
  if (method === 'write_text' || method === 'write_bytes') return isCodecCall(positional(call.node, 0), call);
  if (method !== null && method !== 'open') return false;
  const mode = method ? positional(call.node, 0) ?? kwarg(call.node, 'mode', file) : positional(call.node, 1) ?? kwarg(call.node, 'mode', file);
  const m = mode ? stringValue(mode, file) : 'r';
  if (m !== null && /^at?$/.test(m)) return true;
  if (feedsCodec(call.node, call)) return true;
  // `with open(p) as f:` whose every use of `f` is a codec's argument.
  const pattern = call.node.parent;
  if (pattern?.type !== 'as_pattern' || pattern.parent?.type !== 'with_item') return false;
  const alias = fieldOf(pattern, 'alias')?.children[0];
  const statement = pattern.parent.parent?.parent;
  const body = statement?.type === 'with_statement' ? fieldOf(statement, 'body') : null;
  if (alias?.type !== 'identifier' || !body) return false;
  const name = file.text(alias);
  let uses = 0;
  let other = false;
  walk(body, (n) => {
    if (other) return false;
    if (n.type !== 'identifier' || file.text(n) !== name) return;
    if (n.parent?.type === 'attribute' && fieldOf(n.parent, 'attribute') === n) return;
    uses++;
    if (!feedsCodec(n, call) && !codecThroughHandle(n, call)) other = true;
  });
  return uses > 0 && !other;
}

/** `json.loads(f.read())`, `f.write(json.dumps(state))`: the handle's one read or write carries a document. */
function codecThroughHandle(handle: PyNode, call: CallInfo): boolean {
  const attr = handle.parent;
  if (!attr || attr.type !== 'attribute' || fieldOf(attr, 'object') !== handle) return false;
  const use = attr.parent;
  const verbNode = fieldOf(attr, 'attribute');
  if (use?.type !== 'call' || fieldOf(use, 'function') !== attr || !verbNode) return false;
  const verb = call.scope.module.file.text(verbNode);
  if (verb === 'read') return feedsCodec(use, call);
  if (verb !== 'write') return false;
  return isCodecCall(positional(use, 0), call);
}

/** `json.dumps(state)`: the value written is a serialised document. */
function isCodecCall(node: PyNode | null, call: CallInfo): boolean {
  const callee = node?.type === 'call' ? fieldOf(node, 'function') : null;
  return !!callee && CODEC.test(call.scope.module.file.text(callee));
}

/** `node` is an argument of a codec call: `json.load(node)`, `json.dump(data, node)`, `json.loads(node)`. */
function feedsCodec(node: PyNode, call: CallInfo): boolean {
  let arg: PyNode = node;
  while (arg.parent?.type === 'parenthesized_expression') arg = arg.parent;
  const host = arg.parent?.type === 'keyword_argument' ? arg.parent.parent : arg.parent;
  const codec = host?.type === 'argument_list' ? host.parent : null;
  if (codec?.type !== 'call') return false;
  const callee = fieldOf(codec, 'function');
  return !!callee && CODEC.test(call.scope.module.file.text(unparen(callee)));
}

/**
 * `with open(p, "w") as _: pass`, `open(p, "a").close()`: a file created (or truncated) and left
 * empty, a metadata operation like `Path.touch()`; no data moves.
 */
export function createsEmptyFile(call: CallInfo): boolean {
  const file = call.scope.module.file;
  const mode = positional(call.node, 1) ?? kwarg(call.node, 'mode', file);
  const m = mode ? stringValue(mode, file) : null;
  if (m === null || !/^[wax]b?$/.test(m)) return false;
  const parent = call.node.parent;
  if (parent?.type === 'attribute' && file.text(fieldOf(parent, 'attribute') ?? parent) === 'close' && parent.parent?.type === 'call') return true;
  const statement = parent?.type === 'as_pattern' ? parent.parent?.parent?.parent : parent?.type === 'with_item' ? parent.parent?.parent : null;
  const body = statement?.type === 'with_statement' ? fieldOf(statement, 'body') : null;
  return !!body && body.children.filter((c) => c.type !== 'comment').every((c) => c.type === 'pass_statement');
}
