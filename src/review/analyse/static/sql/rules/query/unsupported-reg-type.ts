import type { ColumnDef } from 'libpg-query';
import { stringsOf } from '../../ast/node.js';
import { relationName } from '../../ast/names.js';
import { walk } from '../../ast/walk.js';
import type { SqlReport, SqlRule } from '../support/rule-api.js';
import { code } from '../support/format.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

/**
 * The reg* types whose values are OIDs pg_upgrade cannot carry over (regclass, regrole and regtype
 * are allowed): a table column of one of them makes pg_upgrade refuse the database.
 */
const UNSUPPORTED = new Set(['regcollation', 'regconfig', 'regdictionary', 'regnamespace', 'regoper', 'regoperator', 'regproc', 'regprocedure']);

export const unsupportedRegType: SqlRule = {
  meta: ruleMeta('unsupported-reg-type'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const stmt of ctx.changed) {
      if (stmt.tag !== 'CreateStmt' && stmt.tag !== 'AlterTableStmt') continue;
      const body = (stmt.node as unknown as Record<string, { relation?: Parameters<typeof relationName>[0] }>)[stmt.tag];
      const table = relationName(body?.relation, stmt.defaultSchema)?.key ?? 'the table';
      const columns: { name: string; type: string; at?: number }[] = [];
      walk(stmt.node, (v) => {
        if (v.tag !== 'ColumnDef') return;
        const col = v.body as ColumnDef;
        const type = stringsOf(col.typeName?.names).at(-1);
        if (type && UNSUPPORTED.has(type)) columns.push({ name: col.colname ?? '?', type, at: col.location });
      });
      if (!columns.length) continue;
      const which = columns.map((c) => `${code(c.name)} (${code(c.type)})`).join(', ');
      reports.push({
        stmt,
        focus: columns[0].at,
        message:
          `${columns.length === 1 ? 'Column' : 'Columns'} ${which} of ${code(table)} store OIDs that pg_upgrade cannot carry over: ` +
          `pg_upgrade refuses a database with such a column, so the project's next PostgreSQL upgrade is blocked until it is changed. ` +
          `Store the name instead (\`text\`, cast when reading), or use \`regclass\`, \`regrole\` or \`regtype\`, which pg_upgrade supports.`,
      });
    }
    return reports;
  },
};
