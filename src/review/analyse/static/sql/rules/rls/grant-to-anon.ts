import type { GrantStmt } from 'libpg-query';
import { relationName, roleName } from '../../ast/names.js';
import { as, stringsOf } from '../../ast/node.js';
import { grantedPrivileges } from '../../model/apply-grant.js';
import { WRITE_PRIVILEGES, type SchemaModel, type SqlStatement, type Table } from '../../model/types.js';
import type { SqlReport, SqlRule } from '../support/rule-api.js';
import { code, listOf } from '../support/format.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

const API_GRANTEES = ['anon', 'authenticated', 'public'];

export const grantToAnon: SqlRule = {
  meta: ruleMeta('grant-to-anon'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const stmt of ctx.changed) {
      const body = as(stmt.node, 'GrantStmt');
      if (!body?.is_grant || body.objtype !== 'OBJECT_TABLE') continue;
      const grantees = (body.grantees ?? []).map(roleName).filter((r) => API_GRANTEES.includes(r));
      const writes = WRITE_PRIVILEGES.filter((p) => grantedPrivileges(body).has(p));
      if (!grantees.length || !writes.length) continue;
      const open = grantedTables(ctx.model, stmt, body).filter((t) => !t.rls && ctx.exposed(t.name.schema));
      if (!open.length) continue;
      const who = grantees.includes('authenticated') && grantees.length === 1 ? 'every signed-in user' : 'anyone holding the anon key';
      reports.push({
        stmt,
        message:
          `Grants ${listOf(writes.map((w) => w.toUpperCase()))} on ${listOf(open.map((t) => code(t.name.key)))} to ` +
          `${listOf(grantees)} while row level security is off, so ${who} can insert, rewrite, delete or truncate ` +
          `every row through the Data API. Grant only what clients need (e.g. \`grant select (col, ...) on ... to anon\`) ` +
          `and keep RLS enabled with policies.`,
      });
    }
    return reports;
  },
};

function grantedTables(model: SchemaModel, stmt: SqlStatement, body: GrantStmt): Table[] {
  if (body.targtype === 'ACL_TARGET_ALL_IN_SCHEMA') {
    const schemas = new Set(stringsOf(body.objects));
    return [...model.tables.values()].filter((t) => !t.dropped && t.kind !== 'external' && schemas.has(t.name.schema) && (!t.created || t.created.id < stmt.id));
  }
  const out: Table[] = [];
  for (const o of body.objects ?? []) {
    const name = relationName(as(o, 'RangeVar'), stmt.defaultSchema);
    const table = name ? model.tables.get(name.key) : undefined;
    if (table && !table.dropped && table.kind !== 'external') out.push(table);
  }
  return out;
}

