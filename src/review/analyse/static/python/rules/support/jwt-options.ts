import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import type { Analysis } from '../../knowledge/analysis.js';
import { kwarg, stringValue } from '../../model/call-args.js';
import type { CallInfo, Scope } from '../../model/types.js';
import { constantValue, isConstant, type ConstantSite } from './constants.js';

/** JWT decoders whose `options=` dict can switch checks off (PyJWT, python-jose). */
export const JWT_DECODERS = /^(jwt|jose\.jwt|jwt\.api_jwt|jose\.jws)\.decode$/;

/** The `options={...}` dict of a decode call: written inline, or a constant of this module or another. */
export interface DecodeOptions {
  dict: PyNode;
  scope: Scope;
}

export function decodeOptions(an: Analysis, call: CallInfo): DecodeOptions | null {
  const options = kwarg(call.node, 'options', call.scope.module.file);
  const c = options ? constantValue(an, options, call.scope, { settings: true }) : null;
  return c && unparen(c.node).type === 'dictionary' ? { dict: unparen(c.node), scope: c.scope } : null;
}

/** A check switched off: the `"key": <False>` pair, and where that False comes from (a literal or a constant). */
export interface DisabledFlag {
  pair: PyNode;
  /** The scope the pair is written in (another module's, for an imported options dict). */
  scope: Scope;
  value: ConstantSite;
}

/** The pair of an options dict that turns `key` off (`False`, or a constant / settings default that is False), or null. */
export function disabledFlag(an: Analysis, options: DecodeOptions, key: string): DisabledFlag | null {
  const file = options.scope.module.file;
  for (const pair of options.dict.children) {
    if (pair.type !== 'pair') continue;
    const k = fieldOf(pair, 'key');
    const v = fieldOf(pair, 'value');
    if (!k || !v || stringValue(k, file) !== key) continue;
    const value = isConstant(an, v, options.scope, 'False', { settings: true });
    if (value) return { pair, scope: options.scope, value };
  }
  return null;
}

/** Where to report a disabled flag: on the pair when the dict is written in the call, else on the call. */
export function flagSite(call: CallInfo, flag: DisabledFlag): PyNode {
  const { pair } = flag;
  const inCall = flag.scope.module === call.scope.module && pair.start >= call.node.start && pair.end <= call.node.end;
  return inCall ? pair : call.node;
}
