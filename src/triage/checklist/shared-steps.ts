import type { GroundTable } from '../grounding/types.js';
import { singular } from '../match/words.js';
import type { Authorisation } from './authorise.js';
import type { PlanContext } from './context.js';
import { addMigration, addStep, routeName, where, type Draft } from './draft.js';
import { migrationHow } from './migration-files.js';
import { concurrentIndexSql, hasIndex, policySql, tableRef } from './sql-text.js';
import { pytestModule, type TestCase } from './pytest-text.js';

/** An existing Pydantic model of the entity with one of these suffixes (`LessonOut`), if any. */
export function existingModel(ctx: PlanContext, suffixes: readonly string[]): string | undefined {
  for (const suffix of suffixes) {
    const name = `${ctx.naming.model}${suffix}`;
    if (ctx.grounding.models.some((m) => m.kind === 'pydantic' && m.name === name)) return name;
  }
  return undefined;
}

/** One line on a table as the repository has it: where it is made, whose rows, RLS and policies. */
export function describeTable(t: GroundTable): string {
  const owner = t.ownerColumns.length ? `; owner column${t.ownerColumns.length > 1 ? 's' : ''} ${t.ownerColumns.map((c) => `\`${c}\``).join(', ')}` : '';
  const rls = t.rls === null ? '' : t.rls ? `; RLS on, ${t.policies.length ? `policies ${t.policies.map((p) => `"${p.name}" (${p.command})`).join(', ')}` : 'no policy'}` : '; RLS off';
  return `\`${t.key}\` (\`${t.path}:${t.line}\`${owner}${rls})`;
}

export function understoodTarget(draft: Draft, ctx: PlanContext, what: string, auth: Authorisation | null): void {
  const target = ctx.target!;
  const notify = ctx.reading.notify ? `, and ${ctx.reading.notify.who ? `the ${ctx.reading.notify.who}s` : 'the people concerned'} must be told` : '';
  draft.understood.push(`The request: ${what}${auth ? `, allowed to ${auth.who.replace(/ \(`.*`\)$/, '')}` : ''}${notify}.`);
  draft.understood.push(`In this repository that is ${describeTable(target)}.`);
  draft.understood.push(ctx.routes.length ? `It is served today by ${ctx.routes.slice(0, 4).map((r) => `\`${routeName(r)}\` (\`${where(r)}\`)`).join(', ')}.` : `No route serves \`${target.key}\` yet.`);
  if (ctx.membership) draft.understood.push(`\`${ctx.membership.table.key}\` says who belongs to which ${singular(ctx.scope!.table.name)} (\`${ctx.membership.userColumn}\`, \`${ctx.membership.scopeColumn}\`).`);
}

/**
 * The RLS half of the rule: one policy for the command, `to authenticated`, comparing the caller
 * through `(select auth.uid())`, with WITH CHECK on updates so a row cannot be moved out of reach.
 * An existing policy for the command is named instead of duplicated. Written into the plan's
 * first migration when there is one (the column and its policy ship together).
 */
export function addPolicyStep(draft: Draft, ctx: PlanContext, p: { command: 'update' | 'delete' | 'insert' | 'select'; condition: string; who: string; verb: string; role: string }): void {
  const target = ctx.target!;
  const existing = target.policies.filter((x) => x.command === p.command || x.command === 'all');
  // The tables the rule reads (public.staff, public.lessons): a policy that reads none of them says something else.
  const ruleTables = [...p.condition.matchAll(/\bfrom\s+([\w.]+)|\bjoin\s+([\w.]+)/g)].map((m) => m[1] ?? m[2]);
  const covers = (text: string) => (ruleTables.length ? ruleTables.every((t) => text.includes(t)) : /auth\.uid\(\)/.test(text));
  if (existing.some((x) => covers(x.text))) {
    addStep(draft, {
      title: `Check the existing ${p.command} polic${existing.length > 1 ? 'ies' : 'y'} of \`${target.key}\``,
      detail: `${existing.map((x) => `"${x.name}" (\`${x.path}:${x.line}\`)`).join(', ')} already decide${existing.length > 1 ? '' : 's'} who may ${p.command} these rows: make sure ${existing.length > 1 ? 'they allow' : 'it allows'} exactly ${p.who}, and nothing broader.`,
      files: existing.map((x) => ({ path: x.path, new: false })),
    });
    return;
  }
  const others = existing.length ? ` Its existing ${p.command} polic${existing.length > 1 ? 'ies' : 'y'} (${existing.map((x) => `"${x.name}"`).join(', ')}) say${existing.length > 1 ? '' : 's'} something else and stay${existing.length > 1 ? '' : 's'}: permissive policies add up.` : '';
  const sql = policySql({
    name: `${target.name}_${p.command}_${p.role}`,
    table: target,
    command: p.command,
    using: p.command === 'insert' ? undefined : p.condition,
    check: p.command === 'update' || p.command === 'insert' ? p.condition : undefined,
  });
  const first = draft.migrations[0];
  if (first) first.sql = `${first.sql}\n\n${sql}`;
  const file = first ? { path: first.path, new: true } : addMigration(draft, ctx, { slug: `${target.name}_${p.command}_policy`, sql, purpose: `Let ${p.who.replace(/ \(`.*`\)$/, '')} ${p.verb} rows of ${target.key}, and nobody else.` });
  addStep(draft, {
    title: `Enforce the same rule in an RLS policy for ${p.command}`,
    detail: `${existing.length ? `No ${p.command} policy of \`${target.key}\` lets ${p.who.replace(/ \(`.*`\)$/, '')} ${p.verb} its rows.${others}` : `\`${target.key}\` has RLS ${target.rls ? 'on' : 'OFF'} and no ${p.command} policy, so today no signed-in user can ${p.command} its rows through the API${target.rls ? '' : ' (with RLS off, everyone can: enable it, with select policies, before relying on this one)'}.`} The new policy lets ${p.who} ${p.verb} them${p.command === 'update' ? ', and WITH CHECK stops a row being moved to another scope' : ''}.`,
    files: file ? [file] : [],
    sql: file ? undefined : sql,
  });
  if (!target.rls) draft.risks.push(`RLS is off on \`${target.key}\`: any client with the anon key reads and writes it. Enable it in the same migration, with a select policy, or this policy protects nothing.`);
}

/** An index for the filter a new query runs, built CONCURRENTLY in a migration of its own when the table has none. */
export function addIndexStep(draft: Draft, ctx: PlanContext, columns: readonly string[]): void {
  const target = ctx.target!;
  if (!columns.length || hasIndex(target, columns)) return;
  const sql = concurrentIndexSql(target, columns);
  const file = addMigration(draft, ctx, { slug: `${target.name}_${columns.join('_')}_idx`, sql, purpose: `An index for the new filter on (${columns.join(', ')}).` });
  const partial = target.indexes.find((i) => i[0] === columns[0]);
  addStep(draft, {
    title: `Index the filter (${columns.join(', ')})`,
    detail: `${partial ? `The existing index on (${partial.join(', ')}) narrows by \`${columns[0]}\` only; ` : 'No index serves this filter; '}${columns.length > 1 ? 'a composite index on' : 'an index on'} (${columns.map((c) => `\`${c}\``).join(', ')}) serves the new statement. It is built CONCURRENTLY so writes to \`${target.key}\` are not blocked, alone in its migration because CONCURRENTLY cannot run in a transaction. ${migrationHow(ctx.grounding.layout)}`,
    files: file ? [file] : [],
    sql: file ? undefined : sql,
  });
}

/** The test module of the plan: beside the table's tests, with the client and the callers' headers as fixtures. */
export function addTestModule(draft: Draft, ctx: PlanContext, params: { about: string; auth: Authorisation | null; cases: TestCase[] }): void {
  const { auth } = params;
  draft.tests.push({
    path: ctx.files.tests.path,
    new: ctx.files.tests.new,
    code: pytestModule({ about: params.about, fixtures: ['client: a TestClient of the app', `${auth?.allowed ?? 'user_headers'}${auth ? `, ${auth.other}` : ''}: Authorization headers`], cases: params.cases }),
  });
}

export { tableRef };
