import type { SqlReport, SqlRule, SqlRuleContext } from '../../rule-api.js';
import { liveTables } from '../support/access.js';
import { code, listOf } from '../support/format.js';
import { hasIndexLeadingWith } from '../../model/indexes.js';
import { isRarelyJoinedKey } from '../../../support/reference-data.js';
import { ruleMeta } from '../../../catalog/index.js';
import type { KeyCandidate } from '../../../support/key-usage.js';
import type { ForeignKey, Table } from '../../model/types.js';

/** The foreign keys of the change that no index leads with, and that are not audit or lookup keys. */
export function unindexedKeys(ctx: Pick<SqlRuleContext, 'model'>): { table: Table; fk: ForeignKey }[] {
  const out: { table: Table; fk: ForeignKey }[] = [];
  for (const table of liveTables(ctx as SqlRuleContext)) {
    for (const fk of table.foreignKeys) {
      if (!fk.stmt.changed || hasIndexLeadingWith(ctx.model, table, fk.columns)) continue;
      // Audit columns (created_by) and keys to small lookup tables (types, priorities, tags) are
      // read with the row, not searched, and their parents are rarely deleted.
      if (fk.columns.length === 1 && isRarelyJoinedKey(fk.columns[0], fk.references, table.name.name)) continue;
      out.push({ table, fk });
    }
  }
  return out;
}

/** What the usage search looks for: a key of one column (a composite key is always reported). */
export function keyCandidate(table: Table, fk: ForeignKey): KeyCandidate | null {
  return fk.columns.length === 1 ? { table: table.name.name, column: fk.columns[0], references: fk.references.replace(/^.*\./, '') } : null;
}

export const unindexedForeignKey: SqlRule = {
  meta: ruleMeta('unindexed-foreign-key'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const { table, fk } of unindexedKeys(ctx)) {
      const candidate = keyCandidate(table, fk);
      const usage = candidate && ctx.keyUsage ? ctx.keyUsage(candidate) : { kind: 'unknown' as const };
      // Nothing in the repository searches by the key: an index would only speed up parent deletes.
      if (usage.kind === 'unused') continue;
      const cols = fk.columns.join(', ');
      const evidence = usage.kind === 'used' ? ` Rows are looked up by it at ${code(usage.where)}.` : '';
      reports.push({
        stmt: fk.stmt,
        focus: fk.offset,
        message:
          `Foreign key ${listOf(fk.columns.map((c) => code(`${table.name.name}.${c}`)))} -> ${code(fk.references)} has no ` +
          `index leading with ${fk.columns.length > 1 ? 'those columns' : 'that column'}, so deletes on ` +
          `${code(fk.references)} (and cascades, joins and policy checks on it) scan all of ${code(table.name.key)}.` +
          `${evidence} Add \`create index on ${table.name.key} (${cols});\`.`,
      });
    }
    return reports;
  },
};
