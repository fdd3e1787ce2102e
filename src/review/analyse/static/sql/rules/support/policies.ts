import { as, firstLocation, type PgNode } from '../../ast/node.js';
import type { Policy, PolicyCommand, SqlStatement, Table } from '../../model/types.js';
import type { SqlRuleContext } from './rule-api.js';
import { liveTables } from './access.js';
import { lastChanged } from './anchors.js';

export interface ChangedPolicy {
  policy: Policy;
  /** The last CREATE/ALTER POLICY of this policy that the pull request touched. */
  stmt: SqlStatement;
}

/**
 * Live policies (after every migration) that the pull request created or altered. With `external`,
 * also those on tables no migration created (storage.objects, dashboard-made tables): rules that
 * judge only the predicate apply there too, rules that need the columns do not.
 */
export function changedPolicies(ctx: SqlRuleContext, options: { external?: boolean } = {}): ChangedPolicy[] {
  const out: ChangedPolicy[] = [];
  const tables = options.external ? [...ctx.model.tables.values()].filter((t) => !t.dropped && t.kind !== 'temporary') : liveTables(ctx);
  for (const table of tables) {
    for (const policy of table.policies.values()) {
      const stmt = lastChanged(policy.definedBy);
      if (stmt) out.push({ policy, stmt });
    }
  }
  return out;
}

/**
 * True when the migrations created the table, followed every change to it, and left its row level
 * security off: its policies do not run, so advice about what they let through or cost per row waits
 * until RLS is on (policy-exists-rls-disabled reports the table meanwhile).
 */
export function rlsKnownOff(table: Table): boolean {
  return !table.rls && !!table.created && table.unknownBy.length === 0;
}

/** True when the policy applies to a Data API role: anon, authenticated, or PUBLIC (no TO clause). */
export function appliesToApiRoles(policy: Policy): boolean {
  return policy.roles.some((r) => r === 'public' || r === 'anon' || r === 'authenticated');
}

/**
 * True when a RESTRICTIVE policy for the API roles still filters `command` on the table with a
 * predicate `isOpen` does not accept: whatever the permissive policies allow, it bounds them.
 */
export function restrictedBy(table: Table, command: PolicyCommand, isOpen: (expr: PgNode) => boolean): boolean {
  return [...table.policies.values()].some((p) => {
    const clause = command === 'insert' ? p.withCheck : p.using;
    return !p.permissive && (p.command === command || p.command === 'all') && appliesToApiRoles(p) && !!clause && !isOpen(clause);
  });
}

/** "update", "insert, update and delete" (for FOR ALL), for messages. */
export function describeCommand(policy: Policy): string {
  return policy.command === 'all' ? 'select, insert, update and delete' : policy.command;
}

/**
 * Where `expr` starts in `stmt`, when `stmt` is the CREATE/ALTER POLICY that wrote it (an ALTER that
 * only changed roles did not, and its offsets would point into another file).
 */
export function clauseFocus(stmt: SqlStatement, expr: PgNode | undefined): number | undefined {
  const body = as(stmt.node, 'CreatePolicyStmt') ?? as(stmt.node, 'AlterPolicyStmt');
  if (!expr || !body || (body.qual !== expr && body.with_check !== expr)) return undefined;
  return firstLocation(expr);
}
