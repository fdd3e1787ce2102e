import type { SqlReport, SqlRule } from '../support/rule-api.js';
import { knownTables } from '../support/access.js';
import { code } from '../support/format.js';
import { indexesOf } from '../../model/indexes.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

/**
 * Schemas that extensions and the platform own (a `supabase db dump` replays their tables too): their layout is
 * the extension's, not the project's to change.
 */
const PLATFORM_SCHEMA = /^(extensions|auth|storage|realtime|supabase_functions|supabase_migrations|graphql|graphql_public|vault|pgsodium|net|cron|pgbouncer|_realtime|_analytics)$/;

/**
 * A table the pull request creates with neither a primary key nor a unique constraint or index:
 * nothing stops duplicate rows (an association table that links the same pair twice), no row can be
 * addressed alone, and logical replication (read replicas, Realtime) cannot ship its UPDATEs and
 * DELETEs without a replica identity. Partitions take their key from their parent.
 */
export const tableWithoutKey: SqlRule = {
  meta: ruleMeta('table-without-key'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const table of knownTables(ctx)) {
      if (!['table', 'partitioned'].includes(table.kind) || !table.created?.changed || PLATFORM_SCHEMA.test(table.name.schema)) continue;
      if (indexesOf(ctx.model, table).some((i) => i.unique && !i.predicate)) continue;
      const links = table.foreignKeys.flatMap((fk) => fk.columns);
      const fix = links.length >= 2 ? `e.g. \`primary key (${links.slice(0, 2).join(', ')})\` for a link table` : 'e.g. `id bigint generated always as identity primary key`';
      reports.push({
        stmt: table.created,
        message:
          `Table ${code(table.name.key)} has no primary key and no unique constraint: nothing stops duplicate rows, no row can be ` +
          `updated or deleted alone, and logical replication (read replicas, Realtime) cannot replicate its UPDATEs and DELETEs. ` +
          `Add a primary key, ${fix}.`,
      });
    }
    return reports;
  },
};
