import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import { kwarg, stringValue } from '../../model/call-args.js';
import type { PyFile } from '../../model/py-file.js';
import { lookupName } from '../../model/scope.js';
import type { CallInfo, Scope } from '../../model/types.js';

/** JWT decoders whose `options=` dict can switch checks off (PyJWT, python-jose). */
export const JWT_DECODERS = /^(jwt|jose\.jwt|jwt\.api_jwt|jose\.jws)\.decode$/;

/** The `options={...}` dict of a decode call, written inline or as a module constant. */
export function decodeOptions(call: CallInfo): PyNode | null {
  const options = kwarg(call.node, 'options', call.scope.module.file);
  return options ? constantDict(options, call.scope) : null;
}

function constantDict(node: PyNode, scope: Scope): PyNode | null {
  const n = unparen(node);
  if (n.type === 'dictionary') return n;
  if (n.type !== 'identifier') return null;
  const b = lookupName(scope, scope.module.file.text(n));
  const value = b?.[b.length - 1]?.value;
  return value && unparen(value).type === 'dictionary' ? unparen(value) : null;
}

/** The `"key": False` pair of an options dict, or null when the check is left on. */
export function disabledFlag(dict: PyNode, key: string, file: PyFile): PyNode | null {
  for (const pair of dict.children) {
    if (pair.type !== 'pair') continue;
    const k = fieldOf(pair, 'key');
    const v = fieldOf(pair, 'value');
    if (k && v && stringValue(k, file) === key && file.text(v) === 'False') return pair;
  }
  return null;
}

/** Where to report a disabled flag: on the pair when the dict is written in the call, else on the call. */
export function flagSite(call: CallInfo, pair: PyNode): PyNode {
  return pair.start >= call.node.start && pair.end <= call.node.end ? pair : call.node;
}
