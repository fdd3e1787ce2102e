import { constTruth } from '../../ast/expr.js';
import { isIdentityTautology } from '../../ast/identity.js';
import type { PgNode } from '../../ast/node.js';
import type { ForeignKey, FormerPolicy, Policy, SchemaModel, Table } from '../../model/types.js';
import { sensitiveColumns } from './format.js';
import { appliesToApiRoles, restrictedBy } from './policies.js';

/** Columns that mark some rows as not for everyone: is_private, private_note, visibility, is_published, is_anonymous. */
const PRIVACY = /(^|_)private($|_)|^(is_)?(public|published|hidden|draft|unlisted|visible|anonymous)$|^visibility$|(^|_)anonymity$/i;

/** What a permissive SELECT policy that is always true opens, when the table is not public reference data. */
export interface OpenRead {
  /** A SELECT (or ALL) policy the pull request dropped or altered that limited which rows were read. */
  broadened?: FormerPolicy;
  /** Columns that mark rows private or unpublished, which the policy ignores. */
  privacy: string[];
  /** Columns holding personal data or credentials. */
  sensitive: string[];
  /**
   * A table the rows belong to through a foreign key (`manifest.app_version_id -> app_versions`) whose own read
   * policies limit the rows to some callers: this policy, for signed-in users only, hands out the rows of the
   * parents a caller may not read.
   */
  parent?: { table: Table; policy: Policy; fk: ForeignKey };
}

/**
 * Why a SELECT `using (true)` policy for the API roles reads rows it should not. SELECT `true` on
 * reference data (a colour palette, stations) is fine; it is not when the table marks rows private,
 * holds personal data, or when the same pull request removed a policy that filtered the rows.
 */
export function openRead(policy: Policy, model?: SchemaModel): OpenRead | undefined {
  if (!policy.permissive || policy.command !== 'select' || !appliesToApiRoles(policy) || !isOpen(policy.using)) return undefined;
  if (restrictedBy(policy.table, 'select', isOpen)) return undefined;
  const found: OpenRead = {
    broadened: policy.table.formerPolicies.find((f) => f.endedBy.changed && limitedReads(f.policy)),
    privacy: [...policy.table.columns.keys()].filter((c) => PRIVACY.test(c)),
    sensitive: sensitiveColumns(policy.table),
    // Opened to anon too, the rows are published on purpose (votes, holders: public facts about private owners); opened
    // to every signed-in user while the parent is scoped, signed-in is taken for authorised.
    parent: model && !policy.roles.some((r) => r === 'anon' || r === 'public') ? scopedParent(model, policy.table) : undefined,
  };
  return found.broadened || found.privacy.length || found.sensitive.length || found.parent ? found : undefined;
}

/**
 * The first table `table` references whose rows the API roles may only partly read: RLS on, and every permissive
 * SELECT (or ALL) policy for them filters rows (none is always true or only checks that the caller signed in).
 * Children of such a parent belong to whoever may read the parent.
 */
function scopedParent(model: SchemaModel, table: Table): OpenRead['parent'] {
  for (const fk of table.foreignKeys) {
    const parent = model.tables.get(fk.references);
    if (!parent || parent === table || parent.dropped || !parent.rls) continue;
    const reads = [...parent.policies.values()].filter((p) => p.permissive && (p.command === 'select' || p.command === 'all') && appliesToApiRoles(p));
    if (reads.length && reads.every((p) => !!p.using && !isOpen(p.using))) return { table: parent, policy: reads[0], fk };
  }
  return undefined;
}

function isOpen(expr: PgNode | undefined): boolean {
  return constTruth(expr) === true || isIdentityTautology(expr);
}

/** A permissive policy for the API roles whose reads were filtered by a row predicate. */
function limitedReads(policy: Policy): boolean {
  return policy.permissive && (policy.command === 'select' || policy.command === 'all') && appliesToApiRoles(policy) && !!policy.using && !isOpen(policy.using);
}
