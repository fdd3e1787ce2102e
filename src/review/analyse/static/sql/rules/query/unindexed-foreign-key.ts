import type { SqlReport, SqlRule } from '../../rule-api.js';
import { liveTables } from '../support/access.js';
import { code, listOf } from '../support/format.js';
import { hasIndexLeadingWith } from '../support/indexes.js';
import { isRarelyJoinedKey } from '../../../support/reference-data.js';
import { ruleMeta } from '../../../catalog/index.js';

export const unindexedForeignKey: SqlRule = {
  meta: ruleMeta('unindexed-foreign-key'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const table of liveTables(ctx)) {
      for (const fk of table.foreignKeys) {
        if (!fk.stmt.changed || hasIndexLeadingWith(ctx.model, table, fk.columns)) continue;
        // Audit columns (created_by) and keys to small lookup tables (types, priorities, tags) are
        // read with the row, not searched, and their parents are rarely deleted.
        if (fk.columns.length === 1 && isRarelyJoinedKey(fk.columns[0], fk.references, table.name.name)) continue;
        const cols = fk.columns.join(', ');
        reports.push({
          stmt: fk.stmt,
          focus: fk.offset,
          message:
            `Foreign key ${listOf(fk.columns.map((c) => code(`${table.name.name}.${c}`)))} -> ${code(fk.references)} has no ` +
            `index leading with ${fk.columns.length > 1 ? 'those columns' : 'that column'}, so deletes on ` +
            `${code(fk.references)} (and cascades, joins and policy checks on it) scan all of ${code(table.name.key)}. ` +
            `Add \`create index on ${table.name.key} (${cols});\`.`,
        });
      }
    }
    return reports;
  },
};
