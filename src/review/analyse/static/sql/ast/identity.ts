import { callName, isAuthCall } from './expr.js';
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
