import type { GroundRoute, GroundTable } from '../grounding/types.js';
import type { PlanContext } from './context.js';
import { routeName, where } from './draft.js';
import { describeTable } from './shared-steps.js';
import { singular } from '../match/words.js';

/** What a bug, performance or security report is about: the routes and tables its words name. */
export interface Focus {
  routes: GroundRoute[];
  tables: GroundTable[];
}

const COMMAND: Record<string, 'select' | 'insert' | 'update' | 'delete'> = { GET: 'select', POST: 'insert', PUT: 'update', PATCH: 'update', DELETE: 'delete' };

export function focusOf(ctx: PlanContext): Focus {
  const main = ctx.reading.main;
  const fits = (r: GroundRoute) => !main || routeFits(r, main);
  const own = ctx.routes.filter(fits);
  const named = ctx.matches.routes.filter(fits);
  const routes = own.length ? own : named.length ? named : ctx.routes.length ? ctx.routes : ctx.matches.routes;
  const actors = new Set([ctx.reading.actor?.role, ctx.reading.actor?.of].filter((w): w is string => !!w).map(singular));
  const tables = ctx.matches.tables.filter((m) => m.score >= 2 && !actors.has(singular(m.table.name))).map((m) => m.table);
  return { routes: routes.slice(0, 4), tables: [...new Set([...(ctx.target ? [ctx.target] : []), ...tables])].slice(0, 3) };
}

/** A route whose method fits the action ("editing" -> PATCH/PUT, "deleting" -> DELETE, "listing" -> GET). */
function routeFits(r: GroundRoute, action: string): boolean {
  const command = COMMAND[r.method];
  if (action === 'update') return command === 'update';
  if (action === 'delete' || action === 'cancel') return command === 'delete' || command === 'update';
  if (action === 'create') return command === 'insert';
  if (action === 'list' || action === 'report') return command === 'select';
  return true;
}

export const commandOf = (r: GroundRoute) => COMMAND[r.method] ?? 'select';

/** "`PATCH /lessons/{lesson_id}` (`app/routers/lessons.py:26`, handler `update_lesson`, depends on `get_db`)". */
export function describeRoute(r: GroundRoute): string {
  const deps = r.dependencies.length ? `depends on ${r.dependencies.map((d) => `\`${d}\``).join(', ')}` : 'no dependencies';
  return `\`${routeName(r)}\` (\`${where(r)}\`, handler \`${r.handler}\`, ${deps}${r.authenticated ? '' : ', **no authentication**'})`;
}

/**
 * Facts about a route's table that explain common failures: with RLS on and no policy for the
 * route's command, the caller's statement reaches no row (an update returns nothing, an insert is
 * refused); with RLS off, every client reads and writes everything.
 */
export function rlsFacts(r: GroundRoute, tables: readonly GroundTable[], supabase: boolean): string[] {
  if (!supabase) return [];
  const command = commandOf(r);
  const out: string[] = [];
  for (const t of tables) {
    if (!r.path.split('/').some((s) => s.replace(/-/g, '_') === t.name)) continue;
    if (t.rls === false) out.push(`\`${t.key}\` has RLS off, so the anon key reads and writes every row.`);
    else if (t.rls && !t.policies.some((p) => p.command === command || p.command === 'all')) {
      out.push(`\`${t.key}\` has RLS on and no ${command} policy: through the caller's client ${command === 'insert' ? 'an insert is refused' : `an ${command} reaches no row, and \`${r.handler}\` then answers as if the row did not exist`}.`);
    }
  }
  return out;
}
