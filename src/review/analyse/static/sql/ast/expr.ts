import { as, constValue, stringsOf, type PgNode } from './node.js';
import { walk } from './walk.js';

/** The dotted name of a function call ("auth.uid", "current_setting"), pg_catalog dropped. */
export function callName(node: PgNode | undefined): string | undefined {
  const call = as(node, 'FuncCall');
  if (!call) return undefined;
  const parts = stringsOf(call.funcname).map((p) => p.toLowerCase());
  if (parts[0] === 'pg_catalog') parts.shift();
  return parts.join('.');
}

const AUTH_CALLS = new Set(['auth.uid', 'auth.jwt', 'auth.role', 'auth.email', 'current_setting']);

/** True for the per-request identity helpers Supabase policies call: auth.uid(), auth.jwt(), current_setting(...). */
export function isAuthCall(node: PgNode | undefined): boolean {
  const name = callName(node);
  return !!name && AUTH_CALLS.has(name);
}

/** True when the expression reads no column (so its value is the same for every row). */
export function isRowIndependent(node: PgNode | undefined): boolean {
  let independent = true;
  walk(node, (v) => {
    if (v.tag === 'ColumnRef' || v.tag === 'SubLink') independent = false;
    return independent;
  });
  return independent;
}

const TRUE_WORDS = ['t', 'true', 'y', 'yes', 'on', '1'];
const FALSE_WORDS = ['f', 'false', 'n', 'no', 'off', '0'];

/**
 * The truth value of a constant boolean expression (`true`, `1 = 1`, `'t'::boolean`, `true or x`),
 * undefined when it depends on anything.
 */
export function constTruth(node: PgNode | undefined): boolean | undefined {
  if (!node) return undefined;
  const value = constValue(node);
  if (typeof value === 'boolean') return value;
  const cast = as(node, 'TypeCast');
  if (cast) {
    const inner = constValue(cast.arg);
    if (typeof inner !== 'string') return constTruth(cast.arg);
    if (TRUE_WORDS.includes(inner.toLowerCase())) return true;
    return FALSE_WORDS.includes(inner.toLowerCase()) ? false : undefined;
  }
  const bool = as(node, 'BoolExpr');
  if (bool) return boolTruth(bool.boolop, (bool.args ?? []).map(constTruth));
  const op = as(node, 'A_Expr');
  if (op?.kind === 'AEXPR_OP') {
    const sym = stringsOf(op.name)[0];
    const l = constValue(op.lexpr);
    const r = constValue(op.rexpr);
    if (l === undefined || r === undefined || l === null || r === null) return undefined;
    if (sym === '=') return l === r;
    if (sym === '<>' || sym === '!=') return l !== r;
  }
  return undefined;
}

function boolTruth(op: string | undefined, args: (boolean | undefined)[]): boolean | undefined {
  if (op === 'NOT_EXPR') return args[0] === undefined ? undefined : !args[0];
  if (op === 'OR_EXPR') return args.includes(true) ? true : args.every((a) => a === false) ? false : undefined;
  if (op === 'AND_EXPR') return args.includes(false) ? false : args.every((a) => a === true) ? true : undefined;
  return undefined;
}

/** The operands of a top-level OR (nested ORs flattened); the expression itself when it is not an OR. */
export function disjuncts(node: PgNode | undefined): PgNode[] {
  if (!node) return [];
  const bool = as(node, 'BoolExpr');
  if (bool?.boolop === 'OR_EXPR') return (bool.args ?? []).flatMap(disjuncts);
  return [node];
}

/**
 * The columns of the policy's own table an expression reads: unqualified names outside
 * sub-selects, and names qualified with the table name anywhere.
 */
export function tableColumnsRead(node: PgNode | undefined, tableName: string): Set<string> {
  const out = new Set<string>();
  walk(node, (v) => {
    if (v.tag !== 'ColumnRef') return;
    const fields = stringsOf(as(v.node, 'ColumnRef')?.fields);
    const inSubselect = v.ancestors.some((a) => 'SubLink' in a);
    if (fields.length === 1 && !inSubselect) out.add(fields[0]);
    else if (fields.length === 2 && fields[0] === tableName) out.add(fields[1]);
  });
  return out;
}
