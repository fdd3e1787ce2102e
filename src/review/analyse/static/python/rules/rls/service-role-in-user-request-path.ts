import type { RuleMeta } from '../../../shared/rule.js';
import { contains, fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import { methodName, receiver } from '../../model/call-args.js';
import type { CallInfo, FunctionInfo } from '../../model/types.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { currentUserParams, isAdminRoute, PRIVILEGED_ROUTE } from '../../knowledge/route-auth.js';
import { chainTop } from '../../knowledge/queries.js';
import { refsOf } from '../../model/refs.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('service-role-in-user-request-path');

const SIGNUP = /(^|[/_\-\s])(sign_?up|signup|register|registration|invite|invitations?|accept|onboard(ing)?|verify|confirm)([/_\-\s]|$)/i;
/** Sign-in flows: no session exists yet (or it is being replaced), so there is no caller JWT to run a query as. */
const SIGN_IN = /(^|[/_\-\s])(log_?in|sign_?in|token|refresh|log_?out|sign_?out|password|reset|forgot|recover)([/_\-\s]|$)/i;
/**
 * Code that runs Supabase queries as the signed-in user: the caller's JWT handed to a client
 * (`client.postgrest.auth(token)`, `auth.set_session(...)`, an `Authorization` header that is not the service key).
 */
const USER_CLIENT = /\bpostgrest\.auth\(|\.auth\.set_session\(|\bset_auth\(|\bheaders\s*=\s*\{(?![^}]*service)[^}]*["']Authorization["']/i;

/** Methods that read or write data through PostgREST / storage. */
const DATA_METHODS = new Set(['table', 'from_', 'rpc', 'schema', 'upload', 'download', 'remove', 'list', 'create_signed_url', 'update', 'move']);

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const fn of ctx.model.functions) {
      const route = ctx.an.route(fn);
      if (!route) continue;
      const where = `${route.prefix}${route.path} ${fn.name}`;
      // Privileged routes (admin, webhooks, cron) and sign-up style flows legitimately act for the system.
      if (PRIVILEGED_ROUTE.test(where) || SIGNUP.test(where) || SIGN_IN.test(where) || isAdminRoute(ctx.an, route)) continue;
      // A backend that never runs a query as the user has made itself the trust boundary: asking each route
      // for a per-request client asks for an architecture it does not have (its ownership checks are
      // idor-missing-ownership-check's). Unknown (the repository not searched) is not that.
      if (ctx.an.nameRefs && !ctx.an.memo('service-role:user-client', () => ctx.an.nameRefs!.codeMatches(USER_CLIENT))) return;
      const use = serviceUse(ctx, fn, 1);
      // A query filtered by the caller's own id (or handed the caller to filter by), or one after an explicit access
      // check on the caller, leaks nothing RLS would have hidden: the backend is the trust boundary, and does its job.
      if (!use || scopedToCaller(fn, currentUserParams(ctx.an, route), use)) continue;
      ctx.report(meta, {
        node: use.node,
        message:
          `\`${fn.name}\` serves user requests but ${use.via} the service-role client, which bypasses Row Level Security: ` +
          'the query sees every row, so any missing filter becomes a data leak (IDOR). Use the per-request client ' +
          "carrying the caller's JWT so RLS applies, and keep the service client for jobs and admin routes.",
      });
    }
  },
};

interface Use {
  node: PyNode;
  via: string;
  /** The data call itself, or the call of the helper that makes it. */
  call: CallInfo;
}

/** An explicit access check: `validate_brain_authorization(brain_id, user.id)`, `check_access(...)`, `ensure_owner(...)`. */
const ACCESS_CHECK = /^_*(validate|check|ensure|verify|assert|authori[sz]e|require)_?\w*(auth|access|owner|permission|member|right)|^_*(has|can)_\w+/i;

function scopedToCaller(fn: FunctionInfo, users: string[], use: Use): boolean {
  if (!users.length) return false;
  const within = (node: PyNode) => users.some((u) => refsOf(fn, u).some((ref) => contains(node, ref)));
  // The query's own filters (`.eq("user_id", user.id)`), or the helper given the caller.
  if (within(use.call.node) || within(chainTop(use.call.node))) return true;
  return fn.calls.some((c) => c.fn === fn && c.node.start < use.call.node.start && ACCESS_CHECK.test(c.name) && within(c.node));
}

/** The first place a function uses a service-role client for data access (directly or via a helper). */
function serviceUse(ctx: FileContext, fn: FunctionInfo, depth: number): Use | null {
  for (const call of fn.calls) {
    if (call.fn !== fn) continue;
    const direct = directUse(ctx, call);
    if (direct) return direct;
    if (depth <= 0 || !ctx.an.mayBeProjectFunction(call.name)) continue;
    const helper = ctx.an.calledFunction(call);
    if (!helper || helper === fn || ctx.an.route(helper) || helper.module !== ctx.model && !helper.module) continue;
    if (helper.calls.some((c) => directUse(ctx, c))) return { node: call.node, via: `calls \`${helper.name}()\`, which uses`, call };
  }
  return null;
}

function directUse(ctx: FileContext, call: CallInfo): Use | null {
  const method = methodName(call.node, call.scope.module.file);
  if (!method || !DATA_METHODS.has(method)) return null;
  const recv = ctx.an.receiverValue(call);
  if (recv?.t !== 'inst' || !recv.service || !/^sb\./.test(recv.kind)) return null;
  return { node: origin(call) ?? call.node, via: 'uses', call };
}

/** `admin = get_service_client()` earlier in the same function: report where the client is obtained. */
function origin(call: CallInfo): PyNode | null {
  let r = receiver(call.node);
  while (r && unparen(r).type === 'call') r = receiver(unparen(r));
  if (!r || r.type !== 'identifier') return null;
  const file = call.scope.module.file;
  const b = call.scope.bindings.get(file.text(r))?.find((x) => x.kind === 'assign' && x.node.start < call.node.start);
  return b && b.value ? fieldOf(b.node.parent!, 'left') ?? b.node : null;
}
