import type { RangeVar, TypeName } from 'libpg-query';
import { as, constValue, stringsOf, type PgNode } from './node.js';

/** A schema-qualified object name; `key` ("public.notes") identifies it in the schema model. */
export interface QualifiedName {
  schema: string;
  name: string;
  key: string;
}

export function qualify(schema: string, name: string): QualifiedName {
  return { schema, name, key: `${schema}.${name}` };
}

/** The name of a RangeVar; an unqualified name lands in `defaultSchema` (the search_path head). */
export function relationName(rv: RangeVar | undefined, defaultSchema: string): QualifiedName | undefined {
  if (!rv?.relname) return undefined;
  return qualify(rv.schemaname ?? defaultSchema, rv.relname);
}

/** The name in a list such as `["public", "f"]` or `["f"]` (functions, indexes, views in DROP). */
export function listName(nodes: readonly PgNode[] | undefined, defaultSchema: string): QualifiedName | undefined {
  const parts = stringsOf(nodes);
  if (parts.length === 0) return undefined;
  const name = parts[parts.length - 1];
  return qualify(parts.length > 1 ? parts[parts.length - 2] : defaultSchema, name);
}

/** A type as the model keeps it: the base name without pg_catalog ("int4", "varchar"), modifiers, array. */
export interface TypeInfo {
  name: string;
  mods: number[];
  array: boolean;
  text: string;
}

const SERIAL = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

export function typeInfo(t: TypeName | undefined): TypeInfo {
  const names = stringsOf(t?.names);
  const name = (names[names.length - 1] ?? 'unknown').toLowerCase();
  const mods = (t?.typmods ?? []).map((m) => constValue(m)).filter((v): v is number => typeof v === 'number');
  const array = (t?.arrayBounds?.length ?? 0) > 0;
  const text = `${name}${mods.length ? `(${mods.join(',')})` : ''}${array ? '[]' : ''}`;
  return { name, mods, array, text };
}

export function isSerialType(t: TypeInfo): boolean {
  return SERIAL.has(t.name) && !t.array;
}

/** The role a RoleSpec names: "public" for PUBLIC, the role name otherwise (lower-case). */
export function roleName(node: PgNode): string {
  const spec = as(node, 'RoleSpec');
  if (!spec) return 'unknown';
  switch (spec.roletype) {
    case 'ROLESPEC_PUBLIC':
      return 'public';
    case 'ROLESPEC_CSTRING':
      return (spec.rolename ?? 'unknown').toLowerCase();
    default:
      return 'current_user';
  }
}

/** Function arguments as type names for the signature key ("uuid,int4"), input arguments only. */
export function argSignature(types: readonly (TypeName | undefined)[]): string {
  return types.map((t) => typeInfo(t).text).join(',');
}
