import type { SqlReport, SqlRule } from '../support/rule-api.js';
import { apiReaders, describeAudience } from '../support/access.js';
import { code, listOf } from '../support/format.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

/**
 * A foreign table the pull request creates in an exposed schema, readable by the API roles.
 * PostgreSQL cannot enable row level security on a foreign table, so nothing filters the rows
 * the remote server returns with the user mapping's credentials.
 */
export const foreignTableInApi: SqlRule = {
  meta: ruleMeta('foreign-table-in-api'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const table of ctx.model.tables.values()) {
      if (table.dropped || table.kind !== 'foreign') continue;
      const stmt = table.created?.changed ? table.created : undefined;
      const roles = apiReaders(ctx, table.name.schema, table.grants);
      if (!stmt || !roles.length) continue;
      reports.push({
        stmt,
        message:
          `Foreign table ${code(table.name.key)} is in the exposed ${code(table.name.schema)} schema and ${listOf(roles)} can select it: ` +
          `row level security cannot be enabled on a foreign table, so ${describeAudience(roles)} reaches every row the remote server ` +
          `returns (read with the user mapping's credentials) through the Data API. Create it in a private schema, or ` +
          `\`revoke all on ${table.name.key} from anon, authenticated;\` and serve it through a function that checks the caller.`,
      });
    }
    return reports;
  },
};
