import { audience, code, rolesOf, TABLE_STATEMENTS, type LiveLint } from './lint-api.js';
import { TABLE_ACCESS_SQL } from './table-access.js';
import { ruleMeta } from '../../../../catalog/index.js';

export const rlsDisabledLint: LiveLint = {
  meta: ruleMeta('rls-disabled-on-exposed-table'),
  supabaseOnly: true,
  sql: TABLE_ACCESS_SQL,
  preferAnchorOn: TABLE_STATEMENTS,
  report(row) {
    const roles = rolesOf(row.roles);
    // With policies written for it, policy-exists-rls-disabled reports the table (and says this too).
    if (row.rls || !(row.exposed || row.queue_exposed) || !roles.length || Number(row.policies)) return undefined;
    const table = `${row.schema}.${row.name}`;
    if (!row.exposed) {
      return {
        keys: [`rel:${table}`],
        message:
          `After the migrations ran, queue table ${code(table)} has row level security off while ${roles.join(' and ')} hold privileges on it ` +
          `and the Data API serves \`pgmq_public\` (Supabase Queues), whose functions act as the caller: ${audience(roles)} can read, send and delete ` +
          `this queue's messages. Enable it: \`alter table ${table} enable row level security;\` and add policies for the roles that may use the queue.`,
      };
    }
    return {
      keys: [`rel:${table}`],
      message:
        `After the migrations ran, ${code(table)} has row level security off while ${roles.join(' and ')} hold privileges on it ` +
        `and usage on ${code(row.schema)}, so ${audience(roles)} can read and change every row through the Data API. ` +
        `Enable it: \`alter table ${table} enable row level security;\` and add policies.`,
    };
  },
};
