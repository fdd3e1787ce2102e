import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import { kwarg, kwargNode, positional, stringValue } from '../../model/call-args.js';
import { lookupName } from '../../model/scope.js';
import { refsOf } from '../../model/refs.js';
import type { CallInfo, Scope } from '../../model/types.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { decodeOptions, disabledFlag, flagSite, JWT_DECODERS } from '../support/jwt-options.js';
import { isConstant, reportConstantUse } from '../support/constants.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('jwt-verification-weak');

const UNVERIFIED_CLAIMS = /^(jose\.jwt\.get_unverified_claims|jwt\.get_unverified_claims)$/;
const UNVERIFIED_HEADER = /get_unverified_header\b/;

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const call of ctx.model.calls) {
      if (call.name !== 'decode' && call.name !== 'get_unverified_claims') continue;
      const q = ctx.an.qualifiedCallee(call);
      if (!q) continue;
      // A decode the change leaves alone can still be weakened by a constant the change sets.
      if (JWT_DECODERS.test(q)) checkDecode(ctx, call);
      else if (UNVERIFIED_CLAIMS.test(q) && ctx.touches(call.node) && usedForAuth(ctx, call)) {
        ctx.report(meta, {
          node: call.node,
          message:
            '`get_unverified_claims` returns the payload without checking the signature; claims read from it (sub, role, ' +
            'tenant) can be forged by anyone. Use `jwt.decode(token, key, algorithms=[...], audience=...)` and authorise on its result.',
        });
      }
    }
  },
};

function checkDecode(ctx: FileContext, call: CallInfo): void {
  const file = ctx.model.file;
  const options = decodeOptions(ctx.an, call);
  const noSig = options ? disabledFlag(ctx.an, options, 'verify_signature') : null;
  const verifyKw = kwargNode(call.node, 'verify', file);
  const verifyOff = verifyKw ? isConstant(ctx.an, fieldOf(verifyKw, 'value')!, call.scope, 'False', { settings: true }) : null;
  const site = noSig?.value ?? verifyOff;
  if (site && !verifiedElsewhere(ctx, call) && !discarded(call) && !readsOnlyTiming(ctx, call)) {
    const via = site.origin === 'literal' ? '' : ` (\`${short(site.scope.module.file.text(site.definition ?? site.node))}\`)`;
    reportConstantUse(ctx, meta, {
      use: noSig ? flagSite(call, noSig) : verifyKw!,
      site,
      message:
        `This decodes the token with signature verification turned off${via}, so any self-made token with any \`sub\` is ` +
        'accepted. Verify it with the issuer\'s key (e.g. `PyJWKClient(jwks_url).get_signing_key_from_jwt(token)`), pin the algorithms and check the audience.',
    });
    return;
  }
  if (!ctx.touches(call.node)) return;
  const algorithms = kwarg(call.node, 'algorithms', file);
  // No list: PyJWT 2 refuses to decode, and python-jose refuses an asymmetric key as an HMAC secret and has no
  // `none`, so pinning it there is hardening, not a hole worth a comment.
  if (!algorithms) return;
  const algs = unparen(algorithms);
  const none = algs.children.find((c) => /^none$/i.test(stringValue(c, file) ?? ''));
  if (none) {
    ctx.report(meta, {
      node: none,
      message:
        "`algorithms` allows `none`: an unsigned token (header `{\"alg\": \"none\"}`, empty signature) passes as valid. " +
        'List only the algorithms you sign with (e.g. `["HS256"]`).',
    });
    return;
  }
  if (fromUnverifiedHeader(ctx, algs, call.scope)) {
    ctx.report(meta, {
      node: algorithms,
      message:
        'The accepted algorithm comes from the token\'s own (unverified) header, so the caller chooses how it is ' +
        'checked (algorithm confusion, `none`). Pin the algorithm list on the server side.',
    });
  }
}

/**
 * `jwt.decode(token, options={"verify_signature": False})` as a statement of its own: a format check (the token
 * parses), whose claims nothing reads, so nothing trusts them. A client library checks its own token so.
 */
function discarded(call: CallInfo): boolean {
  return outermost(call).parent?.type === 'expression_statement';
}

/** The call with the `await` and parentheses around it. */
function outermost(call: CallInfo): PyNode {
  let n = call.node;
  while (n.parent && (n.parent.type === 'await' || n.parent.type === 'parenthesized_expression')) n = n.parent;
  return n;
}

/**
 * `claims = jwt.decode(token, options={"verify_signature": False}); claims.get("exp")`: the claims read are only the
 * token's timing (`exp`, `iat`, `nbf`), for a log line or an expiry hint; no identity is taken from it.
 */
function readsOnlyTiming(ctx: FileContext, call: CallInfo): boolean {
  const file = ctx.model.file;
  const n = outermost(call);
  const assign = n.parent?.type === 'assignment' && n.field === 'right' ? n.parent : null;
  const left = assign ? fieldOf(assign, 'left') : null;
  if (!call.fn || left?.type !== 'identifier') return false;
  const uses = refsOf(call.fn, file.text(left)).filter((r) => r.start > call.node.end);
  return uses.length > 0 && uses.every((r) => {
    const p = r.parent;
    const key = p?.type === 'subscript' ? p.children.find((c) => c.field === 'subscript')
      : p?.type === 'attribute' && p.parent?.type === 'call' && file.text(fieldOf(p, 'attribute')!) === 'get' ? fieldOf(p.parent, 'arguments')?.children[0] : null;
    return !!key && /^(exp|iat|nbf)$/.test(stringValue(key, file) ?? '');
  });
}

/** An unverified decode used only to route (then verified by another decode in the same function). */
function verifiedElsewhere(ctx: FileContext, call: CallInfo): boolean {
  const fn = call.fn;
  if (!fn) return false;
  return fn.calls.some((c) => c !== call && JWT_DECODERS.test(ctx.an.qualifiedCallee(c) ?? '') && !kwarg(c.node, 'options', ctx.model.file));
}

function fromUnverifiedHeader(ctx: FileContext, algs: PyNode, scope: Scope): boolean {
  const text = ctx.model.file.text(algs);
  if (UNVERIFIED_HEADER.test(text)) return true;
  const m = /^\[?\s*([A-Za-z_]\w*)\s*(\[|\.get\()/.exec(text);
  if (!m) return false;
  const b = lookupName(scope, m[1]);
  const value = b?.[b.length - 1]?.value;
  return !!value && UNVERIFIED_HEADER.test(ctx.model.file.text(value));
}

/** Claims used in an auth decision: inside a dependency, a route, or an auth-named function. */
function usedForAuth(ctx: FileContext, call: CallInfo): boolean {
  const fn = call.fn;
  if (!fn) return false;
  if (ctx.an.route(fn) || ctx.an.isDependency(fn)) return true;
  return /user|auth|claims|token|principal|verify|current|tenant|role|permission/i.test(fn.name);
}

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}
