import type { SchemaModel, SqlStatement } from './model/types.js';

/**
 * The later statement that replaced or removed what `stmt` defined, or null: an ALTER or DROP
 * POLICY after the CREATE POLICY, a CREATE OR REPLACE / ALTER of the same function or view, a DROP
 * TABLE after anything done to the table. A problem in the superseded version is not in the final
 * schema: when a later migration of the same change fixes it, the review stays quiet about the
 * earlier statement, and when the replacement repeats it, the replacement is reported instead.
 */
export function supersededBy(model: SchemaModel, stmt: SqlStatement): SqlStatement | null {
  const later = (s: SqlStatement | undefined): s is SqlStatement => !!s && s.id > stmt.id;
  const table = model.targets.get(stmt.id);
  if (table?.dropped && later(table.droppedBy)) return table.droppedBy;
  if (stmt.tag === 'CreatePolicyStmt' || stmt.tag === 'AlterPolicyStmt') {
    for (const t of table ? [table] : model.tables.values()) {
      const former = t.formerPolicies.find((f) => f.policy.definedBy.includes(stmt) && later(f.endedBy));
      if (former) return former.endedBy;
    }
    return null;
  }
  const redefined = (definedBy: SqlStatement[], tags: RegExp) => definedBy.includes(stmt) ? definedBy.find((s) => later(s) && tags.test(s.tag)) ?? null : null;
  if (stmt.tag === 'CreateFunctionStmt' || stmt.tag === 'AlterFunctionStmt') {
    for (const fn of model.functions.values()) {
      const by = redefined(fn.definedBy, /^(CreateFunctionStmt|AlterFunctionStmt)$/);
      if (by) return by;
    }
  }
  if (stmt.tag === 'ViewStmt') {
    for (const view of model.views.values()) {
      const by = redefined(view.definedBy, /^(ViewStmt|AlterTableStmt)$/);
      if (by) return by;
    }
  }
  return null;
}
