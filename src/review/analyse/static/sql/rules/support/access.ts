import { roleCanAccess } from '../../model/store.js';
import type { Grants, Table } from '../../model/types.js';
import type { SqlRuleContext } from './rule-api.js';
import { code, listOf, sensitiveColumns } from './format.js';

/** The Data API roles (anon, authenticated) that can reach a relation in an exposed schema. */
export function apiRolesWithAccess(ctx: SqlRuleContext, schema: string, grants: Grants): string[] {
  if (!ctx.exposed(schema)) return [];
  return ['anon', 'authenticated'].filter((role) => roleCanAccess({ model: ctx.model, schema, grants, role }));
}

/** The Data API roles that can SELECT from a relation of an exposed schema (a grant to the role or to PUBLIC). */
export function apiReaders(ctx: SqlRuleContext, schema: string, grants: Grants): string[] {
  return apiRolesWithAccess(ctx, schema, grants).filter((role) => grants.get(role)?.has('select') || grants.get('public')?.has('select'));
}

/** Live tables that rows can be stored in and that RLS applies to (not views, temp or foreign tables). */
export function liveTables(ctx: SqlRuleContext): Table[] {
  return [...ctx.model.tables.values()].filter((t) => !t.dropped && ['table', 'partition', 'partitioned'].includes(t.kind));
}

/**
 * Live tables whose every change the model followed. Findings that rest on something being absent
 * (no index, no policy, RLS never enabled) look only at these: a table an untranslated operation
 * touched may have what the model did not see. Unknown is not "missing".
 */
export function knownTables(ctx: SqlRuleContext): Table[] {
  return liveTables(ctx).filter((t) => t.unknownBy.length === 0);
}

/** "anyone with the anon key" / "every signed-in user", for messages. */
export function describeAudience(roles: readonly string[]): string {
  return roles.includes('anon') ? 'anyone holding the public anon key' : 'every signed-in user';
}

/** "anyone holding the public anon key can read, change and delete every row ... through the Data API". */
export function describeExposure(table: Table, roles: readonly string[]): string {
  const sensitive = sensitiveColumns(table);
  const what = sensitive.length ? `every row, including ${listOf(sensitive.map(code))},` : 'every row';
  return `${describeAudience(roles)} can read, change and delete ${what} through the Data API`;
}
