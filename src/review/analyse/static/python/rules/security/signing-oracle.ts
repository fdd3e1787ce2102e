import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import { kwarg, positional, stringValue } from '../../model/call-args.js';
import { isPrior, lookupName } from '../../model/scope.js';
import type { FunctionInfo, Scope } from '../../model/types.js';
import type { Analysis } from '../../knowledge/analysis.js';
import type { RouteInfo } from '../../knowledge/fastapi.js';
import { headerCallOf } from '../../knowledge/credentials.js';
import { declaresAuth } from '../../knowledge/route-auth.js';
import { refsOf } from '../../model/refs.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { RequestInput } from '../support/request-input.js';
import { isSecretName } from '../support/secrets.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('signing-oracle');

/** The keyed-hash calls of the standard library: `hmac.new(key, msg, ...)`, `hmac.digest(key, msg, ...)`. */
const HMAC = new Set(['hmac.new', 'hmac.digest', 'hmac.HMAC']);

/**
 * What a route's body does when it checks its caller itself: reads the Authorization header or an API key,
 * compares a signature in constant time, verifies a webhook event, reads the user a middleware left.
 */
const MANUAL_AUTH = /authorization|x-api-key|verify_signature|compare_digest|construct_event|request\.user\b|request\.state\.(user|principal|account|auth|claims|identity)/i;
/** `raise HTTPException(401 / 403)`: the handler refuses callers itself. */
const REFUSAL = /\b(401|403|HTTP_401_UNAUTHORIZED|HTTP_403_FORBIDDEN|UNAUTHORIZED|FORBIDDEN)\b/;

/** How many levels of the project's own helpers between the route and the keyed hash are followed. */
const HELPER_DEPTH = 2;

/**
 * A route anyone may call that returns a keyed hash (HMAC) of a value the caller chooses, made with a server
 * secret: a signing oracle. Whatever trusts that signature (an identity-verification hash for a support widget,
 * a signed URL, an unsubscribe link) now trusts anyone, for any value: the caller asks for the signature of
 * someone else's e-mail and impersonates them.
 */
export const rule: PythonRule = {
  meta,
  check(ctx) {
    const an = ctx.an;
    const input = new RequestInput(an);
    for (const fn of ctx.model.functions) {
      const route = an.route(fn);
      if (!route || checksCaller(ctx, an, route)) continue;
      for (const sig of signaturesReturned(an, fn, HELPER_DEPTH)) {
        const file = sig.scope.module.file;
        const key = positional(sig.node, 0) ?? kwarg(sig.node, 'key', file);
        const msg = positional(sig.node, 1) ?? kwarg(sig.node, 'msg', file);
        const secret = key ? serverSecret(an, key, sig.scope, 0) : null;
        if (!secret || !msg) continue;
        const value = input.valueIn(msg, sig.scope);
        // A header or a cookie (a session id) is the caller's own credential, not a value it picks for someone else.
        if (!value || fromHeaderOrCookie(value.node, value.scope)) continue;
        const name = fieldOf(fn.node, 'name') ?? fn.node;
        if (!ctx.touches(name) && !ctx.touches(sig.node)) continue;
        ctx.report(meta, {
          node: ctx.touches(name) ? name : sig.node,
          message:
            `\`${route.methods.join('/')} ${route.prefix}${route.path}\` returns an HMAC, keyed with \`${secret}\`, of a value ` +
            `the caller chooses (${value.source.replace(/ of `[^`]*`$/, '')}), and no dependency identifies the caller: whoever ` +
            'reaches it gets the server\'s signature for any value (e.g. the identity hash of another user\'s e-mail) and ' +
            'passes as that user wherever the signature is trusted. Require the signed-in user and sign only their own ' +
            'identity (`user.email`), or drop the route.',
        });
        break;
      }
    }
  },
};

/** The route authenticates its caller: a dependency (its own, its router's), a credential parameter, or a check in the body. */
function checksCaller(ctx: FileContext, an: Analysis, route: RouteInfo): boolean {
  if (declaresAuth(an, route)) return true;
  const body = fieldOf(route.fn.node, 'body');
  const text = body ? ctx.model.file.text(body) : '';
  return MANUAL_AUTH.test(text) || REFUSAL.test(text);
}

interface Signature {
  node: PyNode;
  scope: Scope;
}

/**
 * The HMAC calls whose result the function returns: in its own body (directly, or through names assigned from
 * it), or in a project helper whose returned result the function returns, to `depth` levels.
 */
function signaturesReturned(an: Analysis, fn: FunctionInfo, depth: number, seen = new Set<FunctionInfo>()): Signature[] {
  if (seen.has(fn)) return [];
  seen.add(fn);
  const out: Signature[] = [];
  for (const c of fn.calls) {
    if (c.fn !== fn || !returned(fn, c.node, 0)) continue;
    const q = an.qualifiedOf(c.callee, c.scope);
    if (q && HMAC.has(q)) {
      out.push({ node: c.node, scope: c.scope });
      continue;
    }
    const helper = depth > 0 ? an.calledFunction(c) : null;
    if (helper) out.push(...signaturesReturned(an, helper, depth - 1, seen));
  }
  return out;
}

const STATEMENT = /_statement$|^(function_definition|class_definition|decorated_definition|block|module)$/;

/**
 * The value of `node` leaves the function in a return: the return's expression holds it, or it is assigned to a
 * name the return reads (`sig = hmac.new(...).hexdigest(); return {"hash": sig}`). A comparison or a
 * `compare_digest` it goes through uses it as a check, not as an answer.
 */
function returned(fn: FunctionInfo, node: PyNode, depth: number): boolean {
  if (depth > 3) return false;
  const file = fn.module.file;
  for (let n: PyNode = node, p = node.parent; p; n = p, p = p.parent) {
    if (p.type === 'return_statement') return true;
    if (p.type === 'comparison_operator' || p.type === 'boolean_operator' || p.type === 'not_operator') return false;
    if (p.type === 'call' && /compare_digest$/.test(file.text(fieldOf(p, 'function') ?? p))) return false;
    if (p.type === 'lambda' || p.type === 'function_definition') return false;
    if (p.type === 'assignment' && n.field === 'right') {
      const left = fieldOf(p, 'left');
      if (left?.type !== 'identifier') return false;
      const name = file.text(left);
      return refsOf(fn, name).some((r) => r.start > p!.end && returned(fn, r, depth + 1));
    }
    if (STATEMENT.test(p.type)) return false;
  }
  return false;
}

/** Calls whose result carries their argument or receiver unchanged as key material (`bytes.fromhex(s)`, `s.encode()`). */
const KEY_CARRIER = /^(encode|decode|strip|fromhex|bytes|str|b64decode|urlsafe_b64decode|b32decode|unhexlify|a2b_hex|get_secret_value)$/;

/**
 * The name of the server secret a key expression holds: a setting or constant with a credential's name
 * (`settings.PYLON_IDENTITY_VERIFICATION_SECRET`, `WEBHOOK_SECRET`), an environment variable with one
 * (`os.environ["SIGNING_KEY"]`), through local assignments and conversions (`bytes.fromhex(secret)`).
 * A parameter is not one: the key would be the caller's.
 */
function serverSecret(an: Analysis, expr: PyNode, scope: Scope, depth: number): string | null {
  if (depth > 5) return null;
  const n = unparen(expr);
  const file = scope.module.file;
  const next = (x: PyNode | null | undefined) => (x ? serverSecret(an, x, scope, depth + 1) : null);
  switch (n.type) {
    case 'attribute': {
      const attr = fieldOf(n, 'attribute');
      const name = attr ? file.text(attr) : '';
      return isSecretName(name) ? file.text(n) : null;
    }
    case 'subscript': {
      const env = envName(an, n, scope);
      return env && isSecretName(env) ? file.text(n) : null;
    }
    case 'call': {
      const env = envName(an, n, scope);
      if (env) return isSecretName(env) ? file.text(n) : null;
      const callee = fieldOf(n, 'function');
      const last = callee ? file.text(callee).replace(/^.*\./, '') : '';
      if (!KEY_CARRIER.test(last)) return null;
      const recv = callee?.type === 'attribute' ? fieldOf(callee, 'object') : null;
      return next(positional(n, 0)) ?? (recv ? next(recv) : null);
    }
    case 'identifier': {
      const name = file.text(n);
      const bindings = lookupName(scope, name) ?? [];
      if (bindings.some((b) => b.kind === 'param')) return null;
      const prior = bindings.filter((b) => (b.kind === 'assign' || b.kind === 'walrus') && b.value && (b.scope !== scope || isPrior(b, n)));
      const last = prior[prior.length - 1];
      if (last?.value && (last.index ?? -1) < 0) {
        const found = serverSecret(an, last.value, last.valueScope ?? last.scope, depth + 1);
        if (found) return found;
      }
      // A module constant or an imported setting named like a credential (`SECRET_KEY`).
      return bindings.every((b) => b.kind !== 'param') && bindings.some((b) => b.scope.kind === 'module') && isSecretName(name) ? name : null;
    }
    default:
      return null;
  }
}

/** The variable an environment read names: `os.environ["X"]`, `os.environ.get("X")`, `os.getenv("X")`. */
function envName(an: Analysis, n: PyNode, scope: Scope): string | null {
  const file = scope.module.file;
  if (n.type === 'subscript') {
    const value = fieldOf(n, 'value');
    const index = fieldOf(n, 'subscript');
    if (!value || !index || an.qualifiedOf(value, scope) !== 'os.environ') return null;
    return stringValue(unparen(index), file);
  }
  const callee = fieldOf(n, 'function');
  const q = callee ? an.qualifiedOf(callee, scope) : null;
  if (q !== 'os.getenv' && q !== 'os.environ.get') return null;
  const first = positional(n, 0);
  return first ? stringValue(unparen(first), file) : null;
}

/** The request value is a `Header(...)` / `Cookie(...)` parameter. */
function fromHeaderOrCookie(node: PyNode, scope: Scope): boolean {
  const fn = scope.fn;
  const p = fn?.params.find((x) => x.node === node);
  if (!fn || !p) return false;
  if (headerCallOf(p, fn.module.file)) return true;
  return /\b(Header|Cookie)\(/.test(fn.module.file.text(p.node));
}

