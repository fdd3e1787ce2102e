import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, outerParent, unparen, type PyNode } from '../../syntax/py-node.js';
import { argumentValues, kwarg, methodName } from '../../model/call-args.js';
import type { CallInfo } from '../../model/types.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { constantValue } from '../support/constants.js';
import { decodeOptions, disabledFlag, flagSite, JWT_DECODERS } from '../support/jwt-options.js';
import { productionCallersOf } from '../support/callers.js';
import { refsOf } from '../../model/refs.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('jwt-claims-not-validated');

/** Clock-skew allowance beyond this is a lifetime extension, not skew. */
const MAX_LEEWAY_SECONDS = 3600;
const AUTHLIB_DECODE = /^authlib\.jose\.jwt\.decode$/;
const UNIT_SECONDS: Record<string, number> = { weeks: 604800, days: 86400, hours: 3600, minutes: 60, seconds: 1, milliseconds: 0.001, microseconds: 0.000001 };
const TIMEDELTA_POSITIONAL = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'];

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const call of ctx.model.calls) {
      if (call.name !== 'decode' || !ctx.touches(call.node)) continue;
      const q = ctx.an.qualifiedCallee(call);
      if (q && JWT_DECODERS.test(q)) checkOptions(ctx, call);
      else if (q && AUTHLIB_DECODE.test(q)) checkAuthlib(ctx, call);
    }
  },
};

function checkOptions(ctx: FileContext, call: CallInfo): void {
  const file = ctx.model.file;
  const dict = decodeOptions(ctx.an, call);
  // With the signature off nothing is verified: jwt-verification-weak reports that decode.
  if (dict && disabledFlag(ctx.an, dict, 'verify_signature')) return;
  const noExp = dict ? disabledFlag(ctx.an, dict, 'verify_exp') : null;
  if (noExp && !checkedByHand(ctx, call, 'exp')) {
    ctx.report(meta, {
      node: flagSite(call, noExp),
      title: 'JWT expiry not verified',
      message:
        '`verify_exp: False` accepts the token however long ago it expired: a leaked, stolen or decommissioned token ' +
        'stays valid forever. Keep the expiry check and issue tokens with the lifetime the client needs (or refresh them).',
    });
    return;
  }
  const leeway = kwarg(call.node, 'leeway', file);
  const seconds = leeway ? durationSeconds(ctx, leeway, call) : null;
  if (leeway && seconds !== null && seconds >= MAX_LEEWAY_SECONDS) {
    ctx.report(meta, {
      node: leeway,
      title: 'JWT expiry stretched by a long leeway',
      message:
        `A leeway of ${describe(seconds)} accepts tokens that long after they expire, so \`exp\` no longer limits a leaked or ` +
        'revoked token. Leeway is for clock skew (seconds); issue longer-lived tokens or refresh them instead.',
    });
    return;
  }
  const noAud = dict ? disabledFlag(ctx.an, dict, 'verify_aud') : null;
  if (noAud && !checkedByHand(ctx, call, 'aud')) {
    ctx.report(meta, {
      node: flagSite(call, noAud),
      title: 'JWT audience not verified',
      message:
        '`verify_aud: False` accepts tokens the same issuer minted for any other audience (another service, another ' +
        'app of the project). Pass `audience=` with the value this API expects instead of turning the check off.',
    });
  }
}

/** `claims = jwt.decode(token, key)` (authlib) never followed by `claims.validate()`: exp / nbf / iss go unchecked. */
function checkAuthlib(ctx: FileContext, call: CallInfo): void {
  const fn = call.fn;
  const assign = outerParent(call.node);
  const target = assign?.type === 'assignment' ? fieldOf(assign, 'left') : null;
  if (!fn || !target || target.type !== 'identifier') return;
  const name = ctx.model.file.text(target);
  const validated = fn.calls.some((c) => methodName(c.node, ctx.model.file) === 'validate' && ctx.model.file.text(unparen(fieldOf(c.callee, 'object') ?? c.callee)) === name);
  if (validated) return;
  ctx.report(meta, {
    node: call.node,
    title: 'authlib JWT claims never validated',
    message:
      `authlib's \`jwt.decode\` only checks the signature; \`${name}\` is used without \`${name}.validate()\`, so an expired ` +
      'token (and any `claims_options` such as iss / aud) is accepted. Call `claims.validate()` before trusting it.',
  });
}

/** Seconds a leeway stands for: a number, a constant / settings default, `timedelta(...)`, or a product of those. */
function durationSeconds(ctx: FileContext, node: PyNode, call: CallInfo, depth = 0): number | null {
  const c = constantValue(ctx.an, node, call.scope, { settings: true });
  const n = c ? unparen(c.node) : unparen(node);
  const file = c ? c.scope.module.file : ctx.model.file;
  if (depth > 4) return null;
  if (n.type === 'integer' || n.type === 'float') {
    const v = Number(file.text(n).replace(/_/g, ''));
    return Number.isFinite(v) ? v : null;
  }
  if (n.type === 'binary_operator' && n.tokens?.[0] === '*') {
    const [a, b] = n.children;
    const x = a ? durationSeconds(ctx, a, call, depth + 1) : null;
    const y = b ? durationSeconds(ctx, b, call, depth + 1) : null;
    return x !== null && y !== null ? x * y : null;
  }
  if (n.type === 'call' && /(^|\.)timedelta$/.test(file.text(fieldOf(n, 'function')!))) {
    let total = 0;
    let position = 0;
    for (const arg of fieldOf(n, 'arguments')?.children ?? []) {
      const unit = arg.type === 'keyword_argument' ? file.text(fieldOf(arg, 'name')!) : TIMEDELTA_POSITIONAL[position++] ?? '';
      const value = arg.type === 'keyword_argument' ? fieldOf(arg, 'value') : arg;
      const v = value && /^-?[\d_.]+$/.test(file.text(value)) ? Number(file.text(value).replace(/_/g, '')) : null;
      if (v === null || !(unit in UNIT_SECONDS)) return null;
      total += v * UNIT_SECONDS[unit];
    }
    return argumentValues(n).length ? total : null;
  }
  return null;
}

/** How code reads a claim it checks itself after the decode (`payload["exp"]`, `claims.get("aud")`, `_validate_token_audience(...)`). */
const MANUAL_CHECK: Record<'exp' | 'aud', RegExp> = {
  exp: /\[\s*["']exp["']\s*\]|\.get\(\s*["']exp["']|\.exp\b|expir/i,
  aud: /\[\s*["']aud["']\s*\]|\.get\(\s*["']aud["']|\.aud\b|audience/i,
};

/**
 * True when the claim is checked by hand after the decode (the option was moved, not dropped): in the
 * decoding function, or, when that function hands the payload back (a `_decode_token(...)` helper),
 * in every loaded caller after its call.
 */
function checkedByHand(ctx: FileContext, call: CallInfo, claim: 'exp' | 'aud'): boolean {
  const fn = call.fn;
  if (!fn?.body) return false;
  if (MANUAL_CHECK[claim].test(ctx.model.file.source.slice(call.node.end, fn.body.end))) return true;
  if (!returnsDecoded(call)) return false;
  const callers = productionCallersOf(ctx.an, fn);
  return callers.length > 0 && callers.every((c) => {
    const body = c.fn?.body;
    return !!body && MANUAL_CHECK[claim].test(c.scope.module.file.source.slice(c.node.end, body.end));
  });
}

function inReturn(node: PyNode, body: PyNode): boolean {
  for (let n: PyNode | null = node.parent; n && n !== body; n = n.parent) if (n.type === 'return_statement') return true;
  return false;
}

/** `return jwt.decode(...)`, or `payload = jwt.decode(...)` (possibly wrapped, `Model(**payload)`) with the value returned. */
function returnsDecoded(call: CallInfo): boolean {
  const fn = call.fn;
  const body = fn?.body;
  if (!fn || !body) return false;
  if (inReturn(call.node, body)) return true;
  let assignment: PyNode | null = call.node.parent;
  while (assignment && assignment !== body && assignment.type !== 'assignment') assignment = assignment.parent;
  const target = assignment?.type === 'assignment' ? fieldOf(assignment, 'left') : null;
  if (!assignment || target?.type !== 'identifier') return false;
  const after = assignment.end;
  return refsOf(fn, call.scope.module.file.text(target)).some((ref) => ref.start > after && inReturn(ref, body));
}

function describe(seconds: number): string {
  if (seconds >= 86400) return `${+(seconds / 86400).toFixed(1)} day${seconds >= 172800 ? 's' : ''}`;
  return `${+(seconds / 3600).toFixed(1)} hour${seconds >= 7200 ? 's' : ''}`;
}
