import type { PlanFile } from '../plan/plan-tool.js';
import { singular } from '../match/words.js';
import type { GroundTable } from '../grounding/types.js';
import type { PlanContext, Scope } from './context.js';
import { CALLER, ident, keyColumn, memberCondition, ownerCondition, tableRef } from './sql-text.js';

/**
 * Who may change the target's rows, from the schema: staff of the row's school (a membership
 * table), the row's owner (an owner column, directly or one table away), or only "signed in" when
 * the schema records neither. The same rule becomes the route check and, in a Supabase project,
 * the RLS policy, so the two cannot drift apart.
 */
export interface Authorisation {
  /** Where the rule comes from: a membership table, a foreign key naming the actor, or an owner column. */
  kind: 'membership' | 'actor' | 'owner';
  /** "staff of the lesson's school (`public.staff`)". */
  who: string;
  /** The policy condition, with the caller as `(select auth.uid())`; undefined without Supabase. */
  rls?: string;
  /** The same rule for a query where the caller is a bound parameter. */
  condition(caller: string): string;
  /** The dependency the route uses: the existing auth dependency, or a new check beside it. */
  dependency: { name: string; new: boolean; file: PlanFile; detail: string };
  /** 403 when the caller is known not to be allowed; 404 for a row of someone else (ids are not probed). */
  denied: number;
  /** Headers fixtures of the allowed caller and of a caller who must be refused. */
  allowed: string;
  other: string;
  /** Path parameters the tests fill for the allowed caller's scope and another one. */
  scopeParam?: { name: string; mine: string; theirs: string };
}

interface ActorColumn {
  /** The table holding `<role>_id`: the target, or the scope table it belongs to. */
  table: GroundTable;
  column: string;
  actorTable: GroundTable;
  userColumn: string;
  via?: Scope;
  condition(caller: string): string;
}

/**
 * The caller named by a foreign key column: "doctors" and appointments.doctor_id -> doctors.user_id;
 * "teachers" and enrolments -> lessons.teacher_id -> staff.user_id (one table away).
 */
function actorColumn(ctx: PlanContext, role: string): ActorColumn | undefined {
  const target = ctx.target!;
  const tables = ctx.grounding.tables;
  const find = (t: GroundTable) => {
    const col = t.columns.find((c) => c.references && singular(c.name.replace(/_(id|by)$/, '')) === singular(role));
    const actorTable = col ? tables.find((x) => x.key === col.references) : undefined;
    const user = actorTable?.ownerColumns[0];
    return col && actorTable && user ? { col: col.name, actorTable, user } : undefined;
  };
  const direct = find(target);
  if (direct) {
    const condition = (caller: string) => `exists (select 1 from ${tableRef(direct.actorTable)} a where a.${ident(keyColumn(direct.actorTable))} = ${ident(target.name)}.${ident(direct.col)} and a.${ident(direct.user)} = ${caller})`;
    return { table: target, column: direct.col, actorTable: direct.actorTable, userColumn: direct.user, condition };
  }
  const scope = ctx.scope;
  const viaScope = scope ? find(scope.table) : undefined;
  if (!scope || !viaScope) return undefined;
  const condition = (caller: string) =>
    `exists (select 1 from ${tableRef(scope.table)} s join ${tableRef(viaScope.actorTable)} a on a.${ident(keyColumn(viaScope.actorTable))} = s.${ident(viaScope.col)} where s.${ident(keyColumn(scope.table))} = ${ident(target.name)}.${ident(scope.column)} and a.${ident(viaScope.user)} = ${caller})`;
  return { table: scope.table, column: viaScope.col, actorTable: viaScope.actorTable, userColumn: viaScope.user, via: scope, condition };
}

/** The owner column stands for the caller the text names ("customers cancel an order": orders.customer_id). */
function ownerIsActor(ctx: PlanContext, actor: string): boolean {
  const { owner, target } = ctx;
  if (!owner || !target) return false;
  const referenced = target.columns.find((c) => c.name === owner.column)?.references;
  const names = [owner.column.replace(/_(id|by)$/, ''), owner.via?.table.name ?? '', referenced?.split('.').pop() ?? ''].map((n) => singular(n));
  return names.includes(singular(actor)) || /^(owner|author|creator)$/.test(actor);
}

export function authorise(ctx: PlanContext): Authorisation | null {
  const { target, membership, scope, owner, grounding } = ctx;
  if (!target) return null;
  const supabase = grounding.supabase;
  const auth = grounding.auth;
  if (membership && scope) {
    const role = singular(membership.table.name);
    const of = singular(scope.table.name);
    const name = `require_${of}_${role}`;
    return {
      kind: 'membership',
      who: `${role} of the ${ctx.naming.singular}'s ${of} (\`${tableRef(membership.table)}\`)`,
      rls: supabase ? memberCondition(membership, target, scope.column) : undefined,
      condition: (caller) => memberCondition(membership, target, scope.column, caller),
      dependency: {
        name,
        new: true,
        file: ctx.files.deps,
        detail: `\`${name}(${scope.column}, user)\`: built on ${auth ? `\`${auth.name}\`` : 'the current user'}, it looks the caller up in \`${tableRef(membership.table)}\` (\`${membership.userColumn}\`, \`${membership.scopeColumn}\`) and answers 403 when they are not ${role} of that ${of}.`,
      },
      denied: 403,
      allowed: `${role}_a_headers`,
      other: `${role}_b_headers`,
      scopeParam: { name: scope.column, mine: `${of}_a`, theirs: `${of}_b` },
    };
  }
  const actor = ctx.reading.actor?.role;
  const link = actor ? actorColumn(ctx, actor) : undefined;
  if (link) {
    const role = singular(actor!);
    return {
      kind: 'actor',
      who: `the ${role} the ${link.via ? `${singular(link.via.table.name)}` : ctx.naming.singular} names (\`${link.table.name}.${link.column}\` → \`${tableRef(link.actorTable)}.${link.userColumn}\`)`,
      rls: supabase ? link.condition(CALLER) : undefined,
      condition: link.condition,
      dependency: { name: auth?.name ?? 'get_current_user', new: !auth, file: ctx.files.deps, detail: `the route keeps ${auth ? `\`${auth.name}\`` : 'an auth dependency'} and the query joins through \`${link.table.name}.${link.column}\` to the caller.` },
      denied: link.via ? 403 : 404,
      allowed: `${role}_headers`,
      other: `other_${role}_headers`,
    };
  }
  if (owner && (!actor || ownerIsActor(ctx, actor))) {
    const whose = owner.via ? `the ${singular(owner.via.table.name)} the row points to (\`${tableRef(owner.via.table)}.${owner.via.userColumn}\`)` : `the row's owner (\`${owner.column}\`)`;
    return {
      kind: 'owner',
      who: whose,
      rls: supabase ? ownerCondition(owner, target) : undefined,
      condition: (caller) => ownerCondition(owner, target, caller),
      dependency: {
        name: auth?.name ?? 'get_current_user',
        new: !auth,
        file: ctx.files.deps,
        detail: `the route keeps ${auth ? `\`${auth.name}\`` : 'an auth dependency'} and filters by the caller in the same statement, so another user's row answers 404 and ids cannot be probed.`,
      },
      denied: 404,
      allowed: 'owner_headers',
      other: 'other_user_headers',
    };
  }
  return null;
}

/** The question to ask when the schema does not say who may do it. */
export function whoMayQuestion(ctx: PlanContext, verb: string): string {
  const target = ctx.target!;
  const actor = ctx.reading.actor;
  if (!actor) return `Who may ${verb} ${ctx.naming.plural}? Nothing in \`${target.key}\` says whose rows they are.`;
  const roles = ctx.grounding.tables.filter((t) => t.ownerColumns.length && t.columns.some((c) => /^(role|kind|type|position)$/.test(c.name)));
  const hint = roles.length ? ` (${roles.map((t) => `\`${t.key}.${t.columns.find((c) => /^(role|kind|type|position)$/.test(c.name))!.name}\``).join(', ')} may record it)` : '';
  const of = actor.of ? ` of ${/^[aeiou]/.test(actor.of) ? 'an' : 'a'} ${actor.of}` : '';
  return `How does the app know who is ${/^[aeiou]/.test(actor.role) ? 'an' : 'a'} ${actor.role}${of}? I found no table that links users to ${ctx.scope ? `\`${ctx.scope.table.key}\`` : `\`${target.key}\``}${hint}.`;
}

/** The caller's role as a name part: staff, owner, teacher. */
export const roleOf = (auth: Authorisation) => auth.allowed.replace(/(_a)?_headers$/, '');
