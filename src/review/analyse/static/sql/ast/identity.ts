import { callName, disjuncts, isAuthCall } from './expr.js';
import { as, constValue, stringsOf, type PgNode } from './node.js';

/** `(select x)` with no FROM: the x inside; anything else unchanged. */
export function unwrapScalar(node: PgNode | undefined): PgNode | undefined {
  const link = as(node, 'SubLink');
  const select = as(link?.subselect, 'SelectStmt');
  if (link?.subLinkType !== 'EXPR_SUBLINK' || !select || select.fromClause?.length || select.targetList?.length !== 1) return node;
  return unwrapScalar(as(select.targetList[0], 'ResTarget')?.val);
}

const API_ROLE_NAMES = new Set(['authenticated', 'anon']);

/**
 * True for predicates that hold for every caller of a role, whatever the row: `auth.uid() is not null`,
 * `auth.role() = 'authenticated'`, `auth.jwt() ->> 'role' = 'authenticated'`, and AND/OR of them.
 * These read like checks but grant the same as `true` to every signed-in user.
 */
export function isIdentityTautology(node: PgNode | undefined): boolean {
  const n = unwrapScalar(node);
  const bool = as(n, 'BoolExpr');
  if (bool?.boolop === 'AND_EXPR') return (bool.args ?? []).every(isIdentityTautology);
  if (bool?.boolop === 'OR_EXPR') return (bool.args ?? []).some(isIdentityTautology);
  const test = as(n, 'NullTest');
  if (test) return test.nulltesttype === 'IS_NOT_NULL' && isAuthCall(unwrapScalar(test.arg));
  const op = as(n, 'A_Expr');
  if (op?.kind !== 'AEXPR_OP' || stringsOf(op.name)[0] !== '=') return false;
  const [l, r] = [unwrapScalar(op.lexpr), unwrapScalar(op.rexpr)];
  return (isRoleClaim(l) && isApiRoleName(r)) || (isRoleClaim(r) && isApiRoleName(l));
}

function isApiRoleName(node: PgNode | undefined): boolean {
  const v = constValue(node);
  return typeof v === 'string' && API_ROLE_NAMES.has(v);
}

/** auth.role(), auth.jwt() ->> 'role', current_setting('request.jwt.claim.role'), current_user. */
function isRoleClaim(node: PgNode | undefined): boolean {
  const n = unwrapScalar(node);
  if (callName(n) === 'auth.role') return true;
  if (callName(n) === 'current_setting') return constValue(as(n, 'FuncCall')?.args?.[0]) === 'request.jwt.claim.role';
  const fn = as(n, 'SQLValueFunction');
  if (fn) return fn.op === 'SVFOP_CURRENT_USER' || fn.op === 'SVFOP_CURRENT_ROLE' || fn.op === 'SVFOP_SESSION_USER';
  const op = as(n, 'A_Expr');
  if (op?.kind === 'AEXPR_OP' && ['->>', '->'].includes(stringsOf(op.name)[0] ?? '')) {
    return callName(unwrapScalar(op.lexpr)) === 'auth.jwt' && constValue(op.rexpr) === 'role';
  }
  return false;
}

/**
 * The OR-ed alternative of a policy expression that holds for every request made without a signed-in
 * user: `auth.uid() is null`, `auth.role() = 'anon'`, `auth.jwt() ->> 'role' = 'anon'`, alone or
 * AND-ed only with more of the same. Written next to an ownership check (`(auth.uid() = owner_id)
 * or auth.uid() is null`), it reads as "the server" but lets every holder of the public anon key in.
 */
export function anonymousAlternative(node: PgNode | undefined): PgNode | undefined {
  return disjuncts(node).find((d) => conjuncts(unwrapScalar(d)).every(isAnonymousTest));
}

/** How a message names an anonymous alternative: "`auth.uid() is null`" or "the caller's role is `anon`". */
export function describeAnonymous(alt: PgNode): string {
  return conjuncts(unwrapScalar(alt)).some((c) => as(unwrapScalar(c), 'NullTest')) ? '`auth.uid() is null`' : "the caller's role is `anon`";
}

function isAnonymousTest(node: PgNode | undefined): boolean {
  const n = unwrapScalar(node);
  const test = as(n, 'NullTest');
  if (test) return test.nulltesttype === 'IS_NULL' && isCallerId(test.arg);
  const op = as(n, 'A_Expr');
  if (op?.kind !== 'AEXPR_OP' || stringsOf(op.name)[0] !== '=') return false;
  const [l, r] = [unwrapScalar(op.lexpr), unwrapScalar(op.rexpr)];
  return (isRoleClaim(l) && constValue(r) === 'anon') || (isRoleClaim(r) && constValue(l) === 'anon');
}

/** The AND-ed parts of an expression (nested ANDs flattened). */
export function conjuncts(node: PgNode | undefined): PgNode[] {
  if (!node) return [];
  const bool = as(node, 'BoolExpr');
  if (bool?.boolop === 'AND_EXPR') return (bool.args ?? []).flatMap(conjuncts);
  return [node];
}

/** True for the caller's id: auth.uid(), (select auth.uid()), auth.jwt() ->> 'sub', each possibly cast. */
export function isCallerId(node: PgNode | undefined): boolean {
  let n = unwrapScalar(node);
  const cast = as(n, 'TypeCast');
  if (cast) n = unwrapScalar(cast.arg);
  if (callName(n) === 'auth.uid') return true;
  const op = as(n, 'A_Expr');
  return op?.kind === 'AEXPR_OP' && stringsOf(op.name)[0] === '->>' && callName(unwrapScalar(op.lexpr)) === 'auth.jwt' && constValue(op.rexpr) === 'sub';
}

/**
 * The column an "own row" predicate ties to the caller (`(select auth.uid()) = user_id` among the
 * AND-ed conditions, no OR at the top), or undefined.
 */
export function ownerColumn(node: PgNode | undefined, tableName: string): string | undefined {
  if (as(node, 'BoolExpr')?.boolop === 'OR_EXPR') return undefined;
  for (const part of conjuncts(node)) {
    const op = as(part, 'A_Expr');
    if (op?.kind !== 'AEXPR_OP' || stringsOf(op.name)[0] !== '=') continue;
    const sides = [op.lexpr, op.rexpr];
    const caller = sides.findIndex(isCallerId);
    if (caller < 0) continue;
    const fields = stringsOf(as(sides[1 - caller], 'ColumnRef')?.fields);
    if (fields.length === 1 || (fields.length === 2 && fields[0] === tableName)) return fields[fields.length - 1];
  }
  return undefined;
}
