import { qualify, type QualifiedName } from '../ast/names.js';
import {
  TABLE_PRIVILEGES,
  type Func,
  type Grants,
  type SchemaModel,
  type SqlStatement,
  type Table,
  type TableKind,
  type TablePrivilege,
} from './types.js';

/** The API roles Supabase gives every new table and function by default privileges. */
export const API_ROLES = ['anon', 'authenticated', 'service_role'] as const;

export function emptyModel(): SchemaModel {
  return {
    tables: new Map(),
    views: new Map(),
    functions: new Map(),
    indexes: new Map(),
    statements: [],
    targets: new Map(),
    droppedIndexes: new Map(),
    typesBefore: new Map(),
    schemaUsageRevoked: new Map(),
    defaultTableGrants: new Map(),
    defaultExecutors: new Map(),
  };
}

export function allPrivileges(): Set<TablePrivilege> {
  return new Set(TABLE_PRIVILEGES);
}

/** Supabase's `alter default privileges ... grant all on tables to anon, authenticated, service_role`. */
function baselineTableGrants(): Grants {
  return new Map(API_ROLES.map((r) => [r, allPrivileges()]));
}

export function copyGrants(grants: Grants): Grants {
  return new Map([...grants].map(([role, privs]) => [role, new Set(privs)]));
}

/** The grants a table or view created now in `schema` starts with. */
export function grantsForNewRelation(model: SchemaModel, schema: string): Grants {
  const defaults = model.defaultTableGrants.get(schema) ?? model.defaultTableGrants.get('*');
  return copyGrants(defaults ?? baselineTableGrants());
}

/** The default table grants of a schema ("*" for all), materialised so ALTER DEFAULT PRIVILEGES can edit them. */
export function editableDefaultGrants(model: SchemaModel, schema: string): Grants {
  let grants = model.defaultTableGrants.get(schema);
  if (!grants) {
    grants = copyGrants(model.defaultTableGrants.get('*') ?? baselineTableGrants());
    model.defaultTableGrants.set(schema, grants);
  }
  return grants;
}

/** PostgreSQL grants EXECUTE to PUBLIC; Supabase also grants it to the API roles. */
export function executorsForNewFunction(model: SchemaModel, schema: string): Set<string> {
  const defaults = model.defaultExecutors.get(schema) ?? model.defaultExecutors.get('*');
  return new Set(defaults ?? ['public', ...API_ROLES]);
}

export function editableDefaultExecutors(model: SchemaModel, schema: string): Set<string> {
  let roles = model.defaultExecutors.get(schema);
  if (!roles) {
    roles = new Set(model.defaultExecutors.get('*') ?? ['public', ...API_ROLES]);
    model.defaultExecutors.set(schema, roles);
  }
  return roles;
}

export function newTable(params: { model: SchemaModel; name: QualifiedName; kind: TableKind; created?: SqlStatement }): Table {
  const { model, name, kind, created } = params;
  const table: Table = {
    name,
    kind,
    columns: new Map(),
    foreignKeys: [],
    checks: [],
    rls: false,
    rlsChangedBy: [],
    policies: new Map(),
    formerPolicies: [],
    grants: kind === 'external' ? new Map() : grantsForNewRelation(model, name.schema),
    columnUpdates: new Map(),
    updateTriggers: 0,
    created,
    dropped: false,
    unknownBy: [],
  };
  model.tables.set(name.key, table);
  return table;
}

/**
 * The live table with this name; a placeholder 'external' table when migrations never created it
 * (auth.users, storage.objects, tables made in the dashboard), so policies and grants still land.
 */
export function tableFor(model: SchemaModel, name: QualifiedName): Table {
  const found = model.tables.get(name.key);
  if (found && !found.dropped) return found;
  return newTable({ model, name, kind: 'external' });
}

/** Records the table a statement acted on, as it is at this point of the replay. */
export function target(model: SchemaModel, stmt: SqlStatement, table: Table): Table {
  model.targets.set(stmt.id, table);
  return table;
}

/**
 * The name PostgreSQL gives an index it names itself (a PRIMARY KEY or UNIQUE constraint without a
 * name, CREATE INDEX without one): `base`, or when a relation of the schema holds it already (the
 * index of a table since renamed keeps its name), `base1`, `base2`, ... as ChooseRelationName does.
 */
export function freeRelationName(model: SchemaModel, schema: string, base: string): QualifiedName {
  const taken = (name: QualifiedName) => {
    const table = model.tables.get(name.key);
    const view = model.views.get(name.key);
    return model.indexes.has(name.key) || (!!table && !table.dropped && table.kind !== 'external') || (!!view && !view.dropped);
  };
  let name = qualify(schema, base);
  for (let n = 1; taken(name) && n < 1000; n++) name = qualify(schema, `${base}${n}`);
  return name;
}

export function functionKey(name: QualifiedName, args: string): string {
  return `${name.key}(${args})`;
}

/** The live overloads of a function; with `args`, only the exact one (falling back to all when none matches). */
export function findFunctions(model: SchemaModel, name: QualifiedName, args?: string): Func[] {
  if (args !== undefined) {
    const exact = model.functions.get(functionKey(name, args));
    if (exact && !exact.dropped) return [exact];
  }
  const out: Func[] = [];
  for (const f of model.functions.values()) if (!f.dropped && f.name.key === name.key) out.push(f);
  return out;
}

/** True when `role` may use a table or view: it (or PUBLIC) holds a privilege and schema USAGE. */
export function roleCanAccess(params: { model: SchemaModel; schema: string; grants: Grants; role: string }): boolean {
  const { model, schema, grants, role } = params;
  // Supabase grants USAGE on its API schemas to each role directly, so only a revoke naming the role counts.
  if (model.schemaUsageRevoked.get(schema)?.has(role)) return false;
  return (grants.get(role)?.size ?? 0) > 0 || (grants.get('public')?.size ?? 0) > 0;
}
