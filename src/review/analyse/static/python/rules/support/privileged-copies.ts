import { fieldOf, unparen } from '../../syntax/py-node.js';
import { tableName, ormModelOf } from '../../knowledge/orm.js';
import type { Analysis } from '../../knowledge/analysis.js';
import type { CallInfo, ClassInfo, FunctionInfo } from '../../model/types.js';
import type { RuleMeta } from '../../../shared/rule.js';
import type { FileContext } from './rule-api.js';
import { attributeCopies, fieldCopies, type FieldCopy } from './field-copies.js';
import { RequestInput, type RequestValue } from './request-input.js';
import { currentUserParams } from '../../knowledge/route-auth.js';

/** Where a write happens: a call, or an assignment to a row's attribute. */
export type WriteSite = Pick<CallInfo, 'fn' | 'scope' | 'node'>;

/** Privileges that mean something only on a row that stands for a principal (a user, a member, an account). */
const PRINCIPAL_FIELD = /^(role|roles|permissions|scopes|plan|subscription_plan|subscription_tier)$/;
const PRINCIPAL_TARGET = /user|account|member|profile|staff|employee|admin|person|customer|principal|identity|auth|subscri|org|tenant|team/i;
/** Always server-owned, whatever the row. */
const SERVER_OWNED = /^(is_admin|is_superuser|is_staff|is_superadmin|is_moderator|is_verified|email_verified|is_email_verified|phone_verified|balance|credits|credit_balance|owner_id|author_id|created_by|tenant_id)$/;

export interface PrivilegedCopyParams {
  meta: RuleMeta;
  /** Models and routes that grant access on purpose (memberships, invitations, role changes). */
  grant: RegExp;
  /** Admin / internal functions where setting privileges is the point. */
  isPrivileged(fn: FunctionInfo): boolean;
  isPostgrestWrite(call: CallInfo): boolean;
}

/**
 * Privileged columns copied one by one from client input into a write (`User(email=body.email,
 * role=body.role)`, `.insert({"is_admin": payload.is_admin})`), here or in a helper the route calls:
 * the client chooses its own role, verification or balance.
 */
export function checkPrivilegedCopies(ctx: FileContext, params: PrivilegedCopyParams): void {
  const input = new RequestInput(ctx.an);
  const judge = (site: WriteSite, copy: FieldCopy) => {
    if (!isPrivilegedField(ctx.an, copy, site)) return;
    const value = input.valueIn(copy.value, site.scope);
    if (!value || excused(ctx, { copy, value, call: site, params })) return;
    ctx.report(params.meta, {
      node: copy.value,
      title: 'Client chooses a privileged field',
      message:
        `${copy.what} sets \`${copy.field}\` from \`${ctx.model.file.text(value.node)}\` (${value.source}): any caller can choose ` +
        `their own \`${copy.field}\`. Set it on the server (a default, or from the authenticated user), or check it against ` +
        'what the caller may grant before writing it.',
    });
  };
  for (const call of ctx.model.calls) {
    if (!call.fn || !ctx.touches(call.node) || params.isPrivileged(call.fn)) continue;
    for (const copy of fieldCopies(ctx.an, call, params.isPostgrestWrite)) judge(call, copy);
  }
  for (const fn of ctx.model.functions) {
    if (!fn.body || params.isPrivileged(fn)) continue;
    for (const { site, copy } of attributeCopies(ctx.an, fn)) if (ctx.touches(site.node)) judge(site, copy);
  }
}

/** A field only the server should set on the row written (a role only on a row that stands for a principal). */
export function isPrivilegedField(an: Analysis, copy: FieldCopy, call: WriteSite): boolean {
  if (SERVER_OWNED.test(copy.field)) return true;
  if (copy.field === 'user_id') {
    // The server knows the caller and still takes the owner from the request.
    const route = call.fn ? an.route(call.fn) : null;
    return !!route && currentUserParams(an, route).length > 0;
  }
  if (!PRINCIPAL_FIELD.test(copy.field)) return false;
  const target = copy.target ? [copy.target.name, tableName(ormModelOf(copy.target)!)] : [postgrestTable(call)];
  return target.some((t) => !!t && PRINCIPAL_TARGET.test(t));
}

/** Granting access on purpose, an operator's route on the way, or a check of the value before the write. */
function excused(ctx: FileContext, p: { copy: FieldCopy; value: RequestValue; call: WriteSite; params: PrivilegedCopyParams }): boolean {
  const { copy, value, call, params } = p;
  const fns = [call.fn!, ...value.via];
  if (value.via.some((fn) => params.isPrivileged(fn))) return true;
  const names = [copy.target?.name ?? '', sourceModel(ctx, value)?.name ?? '', ...fns.map((fn) => routeText(ctx, fn))];
  if (names.some((n) => params.grant.test(n))) return true;
  return isCheckedIn(fns, copy.field);
}

/** `if body.role not in ALLOWED`, or `_validate_assignable_scopes(request.scopes)`, in one of the functions. */
export function isCheckedIn(fns: FunctionInfo[], field: string): boolean {
  const checked = new RegExp(`^\\s*(if|elif|assert)\\b[^\\n]*\\b${field}\\b|\\b\\w*(valid|check|ensure|assert|verify|authori[sz]e|allowed|permit)\\w*\\([^)\\n]*\\b${field}\\b`, 'im');
  return fns.some((fn) => !!fn.body && checked.test(fn.module.file.text(fn.body)));
}

/** The request model the value is a field of (`body` in `body.role`). */
function sourceModel(ctx: FileContext, value: RequestValue): ClassInfo | null {
  const n = unparen(value.node);
  const obj = n.type === 'attribute' ? fieldOf(n, 'object') : null;
  const v = obj ? ctx.an.infer.valueOf(obj, value.scope) : null;
  return v?.t === 'obj' ? v.cls : null;
}

function routeText(ctx: FileContext, fn: FunctionInfo): string {
  const route = ctx.an.route(fn);
  return route ? `${fn.name} ${route.prefix}${route.path}` : fn.name;
}

/** `sb.table("profiles").insert(...)`: the table name. */
function postgrestTable(call: WriteSite): string | null {
  const m = /\.(table|from_)\(\s*["'](\w+)["']/.exec(call.scope.module.file.text(call.node));
  return m ? m[2] : null;
}

