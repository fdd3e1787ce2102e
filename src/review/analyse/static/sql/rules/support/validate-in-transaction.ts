import type { AlterTableCmd } from 'libpg-query';
import { as } from '../../ast/node.js';
import type { SqlStatement, Table } from '../../model/types.js';
import { code } from './format.js';
import { inSameTransaction } from './transactions.js';

/**
 * `validate constraint` run in the same transaction as the `add constraint ... not valid` before it:
 * the ADD's lock is held until commit, so the validation scan runs under it and NOT VALID gains
 * nothing. Returns the message, or undefined when the two run apart.
 */
export function judgeValidateInTransaction(params: { all: readonly SqlStatement[]; stmt: SqlStatement; table: Table; cmd: AlterTableCmd }): string | undefined {
  const { all, stmt, table, cmd } = params;
  if (cmd.subtype !== 'AT_ValidateConstraint' || !cmd.name) return undefined;
  const add = all.find((s) => s.id < stmt.id && s.path === stmt.path && addsNotValid(s, cmd.name as string));
  if (!add || !inSameTransaction(all, add, stmt)) return undefined;
  const foreign = as(notValidConstraint(add, cmd.name)?.def, 'Constraint')?.contype === 'CONSTR_FOREIGN';
  const lock = foreign ? 'SHARE ROW EXCLUSIVE lock (blocking writes on both tables)' : 'ACCESS EXCLUSIVE lock (blocking reads and writes)';
  return (
    `${code(cmd.name)} is validated in the same transaction that added it \`not valid\`, so the ${lock} taken by the ` +
    `ADD is still held while the validation scans all of ${code(table.name.key)}: NOT VALID gains nothing. Run ` +
    '`validate constraint` in a later migration.'
  );
}

function notValidConstraint(stmt: SqlStatement, name: string): AlterTableCmd | undefined {
  for (const node of as(stmt.node, 'AlterTableStmt')?.cmds ?? []) {
    const cmd = as(node, 'AlterTableCmd');
    const c = as(cmd?.def, 'Constraint');
    if (cmd?.subtype === 'AT_AddConstraint' && c?.conname === name && c.skip_validation) return cmd;
  }
  return undefined;
}

function addsNotValid(stmt: SqlStatement, name: string): boolean {
  return !!notValidConstraint(stmt, name);
}
