import { callName } from './expr.js';
import { conjuncts, isIdentityTautology } from './identity.js';
import { as, type PgNode } from './node.js';
import { walk } from './walk.js';

/**
 * Built-in functions that compute from their arguments alone: a predicate made of these and the
 * row's columns gives every caller the same answer. Any other function (auth.uid(), a helper such
 * as is_admin() or is_member(team_id), pg_has_role) may look at the caller.
 */
const PURE = new Set([
  'lower', 'upper', 'btrim', 'ltrim', 'rtrim', 'length', 'char_length', 'split_part', 'left', 'right', 'substring',
  'starts_with', 'concat', 'now', 'date_trunc', 'array_length', 'cardinality', 'jsonb_array_length',
  'storage.foldername', 'storage.filename', 'storage.extension',
]);

const CALLER_VALUES = new Set(['SVFOP_CURRENT_USER', 'SVFOP_CURRENT_ROLE', 'SVFOP_SESSION_USER', 'SVFOP_USER']);

/**
 * True when an expression never asks who the caller is: no auth.uid() / auth.jwt() /
 * current_setting(), no current_user, and no function that might check (sub-selects included),
 * beyond AND-ed checks that the caller is signed in. A write policy with such a USING lets every
 * user touch the same rows, whoever owns them.
 */
export function ignoresCaller(node: PgNode | undefined): boolean {
  return !!node && conjuncts(node).every((part) => isIdentityTautology(part) || !asksCaller(part));
}

function asksCaller(node: PgNode): boolean {
  let ignores = true;
  walk(node, (v) => {
    if (v.tag === 'FuncCall' && !PURE.has(callName(v.node) ?? '')) ignores = false;
    if (v.tag === 'SQLValueFunction' && CALLER_VALUES.has(String(as(v.node, 'SQLValueFunction')?.op))) ignores = false;
    return ignores;
  });
  return !ignores;
}
