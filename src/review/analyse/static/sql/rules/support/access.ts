import { roleCanAccess } from '../../model/store.js';
import type { Grants, Table } from '../../model/types.js';
import type { SqlRuleContext } from '../../rule-api.js';

/** The Data API roles (anon, authenticated) that can reach a relation in an exposed schema. */
export function apiRolesWithAccess(ctx: SqlRuleContext, schema: string, grants: Grants): string[] {
  if (!ctx.exposed(schema)) return [];
  return ['anon', 'authenticated'].filter((role) => roleCanAccess({ model: ctx.model, schema, grants, role }));
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
