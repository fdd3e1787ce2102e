import type { AlterDefaultPrivilegesStmt, GrantStmt } from 'libpg-query';
import { relationName, roleName } from '../ast/names.js';
import { as, stringOf, stringsOf } from '../ast/node.js';
import { functionsNamed } from './apply-function.js';
import { allPrivileges, editableDefaultExecutors, editableDefaultGrants, tableFor, target } from './store.js';
import { TABLE_PRIVILEGES, type Grants, type SchemaModel, type SqlStatement, type TablePrivilege } from './types.js';

const FUNCTION_TYPES = new Set(['OBJECT_FUNCTION', 'OBJECT_PROCEDURE', 'OBJECT_ROUTINE']);

/** The table privileges a GRANT/REVOKE names; ALL when it lists none. */
export function grantedPrivileges(body: GrantStmt): Set<TablePrivilege> {
  if (!body.privileges?.length) return allPrivileges();
  const out = new Set<TablePrivilege>();
  for (const p of body.privileges) {
    const access = as(p, 'AccessPriv');
    if (access?.cols?.length) continue; // column-level: see updatedColumns
    const name = access?.priv_name?.toLowerCase();
    if (name === 'all' || name === undefined) return allPrivileges();
    const priv = TABLE_PRIVILEGES.find((t) => t === name);
    if (priv) out.add(priv);
  }
  return out;
}

export function applyGrant(model: SchemaModel, stmt: SqlStatement, body: GrantStmt): void {
  const roles = (body.grantees ?? []).map(roleName);
  const objtype = body.objtype ?? '';
  if (objtype === 'OBJECT_SCHEMA') return applySchemaUsage(model, body, roles);
  if (FUNCTION_TYPES.has(objtype)) return applyExecute({ model, stmt, body, roles });
  if (objtype !== 'OBJECT_TABLE') return;
  const privileges = grantedPrivileges(body);
  for (const grants of relationGrants(model, stmt, body)) editGrants({ grants, roles, privileges, grant: !!body.is_grant });
  const columns = updatedColumns(body);
  const table = model.targets.get(stmt.id);
  if (!columns.length || !table) return;
  for (const role of roles) {
    const held = table.columnUpdates.get(role) ?? new Set<string>();
    for (const c of columns) {
      if (body.is_grant) held.add(c);
      else held.delete(c);
    }
    table.columnUpdates.set(role, held);
  }
}

/** The columns of `grant update (a, b) on ...`. */
function updatedColumns(body: GrantStmt): string[] {
  return (body.privileges ?? []).flatMap((p) => {
    const priv = as(p, 'AccessPriv');
    return priv?.priv_name?.toLowerCase() === 'update' ? stringsOf(priv.cols) : [];
  });
}

/** The grant maps of the tables and views a table GRANT names (or of every one in the schema). */
function relationGrants(model: SchemaModel, stmt: SqlStatement, body: GrantStmt): Grants[] {
  if (body.targtype === 'ACL_TARGET_ALL_IN_SCHEMA') {
    const schemas = new Set(stringsOf(body.objects));
    const live = [...model.tables.values(), ...model.views.values()].filter((r) => !r.dropped && schemas.has(r.name.schema));
    return live.map((r) => r.grants);
  }
  const out: Grants[] = [];
  for (const o of body.objects ?? []) {
    const name = relationName(as(o, 'RangeVar'), stmt.defaultSchema);
    if (!name) continue;
    const view = model.views.get(name.key);
    if (view && !view.dropped) out.push(view.grants);
    else out.push(target(model, stmt, tableFor(model, name)).grants);
  }
  return out;
}

function editGrants(params: { grants: Grants; roles: string[]; privileges: Set<TablePrivilege>; grant: boolean }): void {
  const { grants, roles, privileges, grant } = params;
  for (const role of roles) {
    const held = grants.get(role) ?? new Set<TablePrivilege>();
    for (const p of privileges) {
      if (grant) held.add(p);
      else held.delete(p);
    }
    if (held.size) grants.set(role, held);
    else grants.delete(role);
  }
}

function applyExecute(params: { model: SchemaModel; stmt: SqlStatement; body: GrantStmt; roles: string[] }): void {
  const { model, stmt, body, roles } = params;
  const funcs =
    body.targtype === 'ACL_TARGET_ALL_IN_SCHEMA'
      ? [...model.functions.values()].filter((f) => !f.dropped && stringsOf(body.objects).includes(f.name.schema))
      : (body.objects ?? []).flatMap((o) => functionsNamed(model, stmt, as(o, 'ObjectWithArgs')));
  for (const f of funcs) {
    for (const role of roles) {
      if (body.is_grant) f.executors.add(role);
      else f.executors.delete(role);
    }
    f.definedBy.push(stmt);
  }
}

function applySchemaUsage(model: SchemaModel, body: GrantStmt, roles: string[]): void {
  const privileges = (body.privileges ?? []).map((p) => as(p, 'AccessPriv')?.priv_name);
  if (privileges.length && !privileges.includes('usage')) return;
  for (const schema of stringsOf(body.objects)) {
    const revoked = model.schemaUsageRevoked.get(schema) ?? new Set<string>();
    for (const role of roles) {
      if (body.is_grant) revoked.delete(role);
      else revoked.add(role);
    }
    model.schemaUsageRevoked.set(schema, revoked);
  }
}

/** ALTER DEFAULT PRIVILEGES [IN SCHEMA s] GRANT|REVOKE ... ON TABLES|FUNCTIONS ... */
export function applyDefaultPrivileges(model: SchemaModel, body: AlterDefaultPrivilegesStmt): void {
  const action = body.action;
  if (!action) return;
  const schemaOption = (body.options ?? []).map((o) => as(o, 'DefElem')).find((d) => d?.defname === 'schemas');
  const schemas = schemaOption ? (as(schemaOption.arg, 'List')?.items ?? []).map((n) => stringOf(n) ?? '') : ['*'];
  const roles = (action.grantees ?? []).map(roleName);
  for (const schema of schemas) {
    if (action.objtype === 'OBJECT_TABLE') {
      const grants = editableDefaultGrants(model, schema);
      editGrants({ grants, roles, privileges: grantedPrivileges(action), grant: !!action.is_grant });
    } else if (FUNCTION_TYPES.has(action.objtype ?? '')) {
      const executors = editableDefaultExecutors(model, schema);
      for (const role of roles) {
        if (action.is_grant) executors.add(role);
        else executors.delete(role);
      }
    }
  }
}
