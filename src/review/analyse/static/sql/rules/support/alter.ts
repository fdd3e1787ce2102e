import type { AlterTableCmd } from 'libpg-query';
import { as } from '../../ast/node.js';
import type { SqlStatement, Table } from '../../model/types.js';
import type { SqlRuleContext } from './rule-api.js';
import { existedBefore, outlivesMigration } from './anchors.js';

export interface AlterSite {
  stmt: SqlStatement;
  table: Table;
  cmd: AlterTableCmd;
}

/** Each subcommand of the changed ALTER TABLE statements on tables that already held data and outlive the migration. */
export function alterCommandsOnExistingTables(ctx: SqlRuleContext): AlterSite[] {
  const out: AlterSite[] = [];
  for (const stmt of ctx.changed) {
    const alter = as(stmt.node, 'AlterTableStmt');
    const table = ctx.model.targets.get(stmt.id);
    if (!alter || !table || table.kind === 'external' || !existedBefore(table, stmt) || !outlivesMigration(table, stmt)) continue;
    for (const node of alter.cmds ?? []) {
      const cmd = as(node, 'AlterTableCmd');
      if (cmd) out.push({ stmt, table, cmd });
    }
  }
  return out;
}
