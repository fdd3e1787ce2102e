import type { AlterPolicyStmt, CreatePolicyStmt } from 'libpg-query';
import { relationName, roleName } from '../ast/names.js';
import { tableFor, target } from './store.js';
import type { PolicyCommand, SchemaModel, SqlStatement } from './types.js';

const COMMANDS: readonly PolicyCommand[] = ['all', 'select', 'insert', 'update', 'delete'];

export function applyCreatePolicy(model: SchemaModel, stmt: SqlStatement, body: CreatePolicyStmt): void {
  const tableName = relationName(body.table, stmt.defaultSchema);
  if (!tableName || !body.policy_name) return;
  const table = target(model, stmt, tableFor(model, tableName));
  const command = COMMANDS.find((c) => c === body.cmd_name) ?? 'all';
  const roles = (body.roles ?? []).map(roleName);
  table.policies.set(body.policy_name, {
    name: body.policy_name,
    table,
    command,
    // protobuf JSON omits false, so an absent flag means AS RESTRICTIVE
    permissive: body.permissive === true,
    roles: roles.length ? roles : ['public'],
    using: body.qual,
    withCheck: body.with_check,
    definedBy: [stmt],
  });
}

export function applyAlterPolicy(model: SchemaModel, stmt: SqlStatement, body: AlterPolicyStmt): void {
  const tableName = relationName(body.table, stmt.defaultSchema);
  if (!tableName || !body.policy_name) return;
  const table = target(model, stmt, tableFor(model, tableName));
  const policy = table.policies.get(body.policy_name);
  if (!policy) return;
  table.formerPolicies.push({ policy: { ...policy, roles: [...policy.roles], definedBy: [...policy.definedBy] }, endedBy: stmt });
  if (body.roles?.length) policy.roles = body.roles.map(roleName);
  if (body.qual) policy.using = body.qual;
  if (body.with_check) policy.withCheck = body.with_check;
  policy.definedBy.push(stmt);
}
