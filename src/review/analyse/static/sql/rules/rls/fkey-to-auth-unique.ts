import { ruleMeta } from '../../../../../../catalog/index.js';
import type { SqlReport, SqlRule } from '../support/rule-api.js';
import { liveTables } from '../support/access.js';
import { code, listOf } from '../support/format.js';

/** The primary key of every table Supabase Auth owns that projects reference (users, identities, sessions). */
const AUTH_KEY = ['id'];

export const fkeyToAuthUnique: SqlRule = {
  meta: ruleMeta('fkey-to-auth-unique'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const table of liveTables(ctx)) {
      for (const fk of table.foreignKeys) {
        const cols = fk.referencedColumns;
        // No column list references the primary key.
        if (!fk.stmt.changed || !fk.references.startsWith('auth.') || !cols.length || cols.join() === AUTH_KEY.join()) continue;
        reports.push({
          stmt: fk.stmt,
          focus: fk.offset,
          message:
            `Foreign key ${listOf(fk.columns.map((c) => code(`${table.name.name}.${c}`)))} references ` +
            `${code(`${fk.references}(${cols.join(', ')})`)}, a unique column that Supabase Auth owns and may drop or change in an ` +
            `upgrade. Reference its primary key instead, \`references ${fk.references} (id)\`, and read ` +
            `${cols.length > 1 ? 'those fields' : code(cols[0])} through it.`,
        });
      }
    }
    return reports;
  },
};
