import type { AlterTableCmd } from 'libpg-query';
import { typeInfo, type TypeInfo } from '../ast/names.js';
import { as } from '../ast/node.js';
import type { Table } from '../model/types.js';
import type { SqlReport, SqlRule } from '../rule-api.js';
import { alterCommandsOnExistingTables } from './support/alter.js';
import { code } from './support/format.js';

export const blockingDdlLock: SqlRule = {
  meta: {
    id: 'blocking-ddl-lock',
    category: 'query',
    severity: 'medium',
    title: 'DDL that locks an existing table while it scans or rewrites it',
    rationale:
      'Adding a FOREIGN KEY or CHECK constraint validates every existing row while holding a lock that blocks ' +
      'writes (for a foreign key, on both tables); adding a PRIMARY KEY or UNIQUE constraint builds its index under ' +
      'an ACCESS EXCLUSIVE lock; changing a column type rewrites the table under that lock. Add constraints ' +
      '`NOT VALID` and `VALIDATE CONSTRAINT` them in a later migration; build unique indexes CONCURRENTLY and attach ' +
      'them with `USING INDEX`; change types through a new column and a backfill.',
    anchors: ['squawk constraint-missing-not-valid', 'squawk adding-foreign-key-constraint', 'squawk disallowed-unique-constraint', 'squawk changing-column-type'],
  },
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const { stmt, table, cmd } of alterCommandsOnExistingTables(ctx)) {
      const message = judge({ table, cmd, typesBefore: ctx.model.typesBefore.get(stmt.id) });
      if (message) reports.push({ stmt, message, focus: as(cmd.def, 'Constraint')?.location });
    }
    return reports;
  },
};

function judge(site: { table: Table; cmd: AlterTableCmd; typesBefore: Map<string, TypeInfo> | undefined }): string | undefined {
  const { table, cmd, typesBefore } = site;
  const name = code(table.name.key);
  if (cmd.subtype === 'AT_AlterColumnType') {
    const previous = cmd.name ? typesBefore?.get(cmd.name) : undefined;
    const next = typeInfo(as(cmd.def, 'ColumnDef')?.typeName);
    if (previous && isBinaryCompatible(previous, next)) return undefined;
    return `Changing the type of ${code(cmd.name ?? '?')} rewrites all of ${name} and its indexes under an ACCESS EXCLUSIVE lock that blocks reads and writes. Add a new column, backfill it in batches, then swap.`;
  }
  if (cmd.subtype !== 'AT_AddConstraint') return undefined;
  const c = as(cmd.def, 'Constraint');
  if (!c) return undefined;
  if ((c.contype === 'CONSTR_FOREIGN' || c.contype === 'CONSTR_CHECK') && !c.skip_validation) {
    const what = c.contype === 'CONSTR_FOREIGN' ? 'foreign key' : 'check constraint';
    const lock = c.contype === 'CONSTR_FOREIGN' ? 'a SHARE ROW EXCLUSIVE lock on both tables' : 'an ACCESS EXCLUSIVE lock';
    return `Adding the ${what}${c.conname ? ` ${code(c.conname)}` : ''} validates every row of ${name} while holding ${lock}, blocking writes. Add it \`not valid\` and run \`alter table ... validate constraint\` in a later migration.`;
  }
  if ((c.contype === 'CONSTR_PRIMARY' || c.contype === 'CONSTR_UNIQUE') && !c.indexname) {
    return `Adding this ${c.contype === 'CONSTR_PRIMARY' ? 'primary key' : 'unique constraint'} builds its index on ${name} under an ACCESS EXCLUSIVE lock. Build a unique index \`concurrently\` first, then add the constraint \`using index\`.`;
  }
  return undefined;
}

/** Type changes PostgreSQL does without a rewrite: varchar widening or to text, numeric precision growth. */
function isBinaryCompatible(from: TypeInfo, to: TypeInfo): boolean {
  if (from.array !== to.array) return false;
  const textual = (t: TypeInfo) => t.name === 'varchar' || t.name === 'text';
  if (from.name === 'varchar' && textual(to)) return to.name === 'text' || to.mods.length === 0 || (to.mods[0] ?? 0) >= (from.mods[0] ?? Infinity);
  if (from.name === 'text' && to.name === 'varchar') return to.mods.length === 0;
  if (from.name === 'numeric' && to.name === 'numeric') return to.mods.length === 0 || ((to.mods[0] ?? 0) >= (from.mods[0] ?? Infinity) && (to.mods[1] ?? 0) === (from.mods[1] ?? 0));
  return from.text === to.text;
}

