import type { GroundTable } from '../grounding/types.js';
import { nameParts, plural, singular, stem } from '../match/words.js';
import type { PlanApi } from '../plan/plan-tool.js';
import { namingOf, type PlanContext } from './context.js';
import { addMigration, addStep, article, commonPrefix, newDraft, routeName, where, type Draft } from './draft.js';
import { chooseFiles } from './files.js';
import { migrationHow } from './migration-files.js';
import { pytestModule } from './pytest-text.js';
import { CALLER, ident, keyColumn, keyType, newKeyColumn, tableRef } from './sql-text.js';
import { describeTable } from './shared-steps.js';
import { planInsert } from './recipe-insert.js';
import { planUnmatched } from './recipe-unmatched.js';
import { addNotifyStep } from './notify.js';
import { relationOf, type Relation } from './new-entity.js';

const RESTRICT = /\b(cannot|can't|can not|must not|mustn't|may not|should not|shouldn't|no longer)\b/;

/** The existing table the new rows belong to: the row a relation relates, the actor's table ("doctors"), else the first table the text names. */
function parentOf(ctx: PlanContext): GroundTable | undefined {
  // A relation row (order_shares) belongs to the row it relates, not to the actor.
  const related = ctx.newName && relationOf(ctx.reading) ? ctx.grounding.tables.find((t) => ctx.newName!.startsWith(`${singular(t.name)}_`)) : undefined;
  if (related) return related;
  const role = ctx.reading.actor?.role;
  const byRole = role ? ctx.grounding.tables.find((t) => singular(t.name) === role) : undefined;
  return byRole ?? ctx.matches.tables.find((m) => m.score >= 2)?.table;
}

/** Where people live: auth.users in a Supabase project, else the repository's users (or profiles, accounts) table. */
function peopleTable(ctx: PlanContext): { ref: string; type: string } | undefined {
  if (ctx.grounding.supabase) return { ref: 'auth.users (id)', type: 'uuid' };
  const users = ctx.grounding.tables.find((t) => /^(users?|profiles?|accounts?)$/.test(t.name));
  return users ? { ref: `${tableRef(users)} (${ident(keyColumn(users))})`, type: keyType(users) } : undefined;
}

/** The person a relation row holds (the one it is shared with; the one who likes), when the request makes one. */
function personOf(ctx: PlanContext, parent: GroundTable | undefined): { relation: Relation; column: string; type: string; ref: string } | undefined {
  const relation = ctx.newName && parent ? relationOf(ctx.reading) : undefined;
  const people = relation ? peopleTable(ctx) : undefined;
  return relation && people ? { relation, column: relation.person, ...people } : undefined;
}

function createTableSql(ctx: PlanContext, name: string, parent: GroundTable | undefined): { sql: string; parentColumn?: string } {
  const table = { schema: 'public', name };
  const cols = [`  ${newKeyColumn(ctx.grounding.tables)}`];
  const parentColumn = parent ? `${singular(parent.name)}_id` : undefined;
  if (parent) cols.push(`  ${ident(parentColumn!)} ${keyType(parent)} not null references ${tableRef(parent)} (${ident(keyColumn(parent))}) on delete cascade`);
  const person = personOf(ctx, parent);
  if (person) cols.push(`  ${ident(person.column)} ${person.type} not null${!person.relation.recipient && ctx.grounding.supabase ? ' default auth.uid()' : ''} references ${person.ref} on delete cascade`);
  // Who made the row, when nothing else says who owns it: no owner on the parent, and no caller's own
  // person column (a recipient row, a share, still needs its sharer).
  const supabaseOwner = ctx.grounding.supabase && !parent?.ownerColumns.length && (!person || person.relation.recipient);
  if (supabaseOwner) cols.push('  created_by uuid not null default auth.uid() references auth.users (id)');
  cols.push('  created_at timestamptz not null default now()');
  // One row per parent and person: sharing twice with the same person, or liking twice, is the same row.
  if (person) cols.push(`  unique (${ident(parentColumn!)}, ${ident(person.column)})`);
  const lines = [`create table ${tableRef(table)} (`, cols.join(',\n'), ');'];
  if (person) lines.push(`create index ${name}_${person.column}_idx on ${tableRef(table)} (${ident(person.column)});`);
  else if (parentColumn) lines.push(`create index ${name}_${parentColumn}_idx on ${tableRef(table)} (${ident(parentColumn)});`);
  if (supabaseOwner) lines.push(`create index ${name}_created_by_idx on ${tableRef(table)} (created_by);`);
  if (ctx.grounding.supabase) {
    const parentOwner = parent?.ownerColumns.length
      ? `exists (select 1 from ${tableRef(parent)} p where p.${ident(keyColumn(parent))} = ${name}.${ident(parentColumn!)} and p.${ident(parent.ownerColumns[0])} = ${CALLER})`
      : `created_by = ${CALLER}`;
    const theirs = person ? `${ident(person.column)} = ${CALLER}` : undefined;
    // The parent's owner manages a recipient row and its recipient reads or leaves it; a row of the caller's own (a like) is the caller's alone.
    const mine = person && !person.relation.recipient ? theirs! : parentOwner;
    const seen = person?.relation.recipient ? `${parentOwner} or ${theirs}` : mine;
    lines.push('', `alter table ${tableRef(table)} enable row level security;`);
    // A recipient row (a share, an invitation) holds only who and what: it is removed and made again,
    // never re-pointed. An UPDATE policy would let the owner hand a row to someone else behind its
    // recipient's back, which the live stage's RLS probe reports; so it has none.
    const commands = person?.relation.recipient ? (['select', 'insert', 'delete'] as const) : (['select', 'insert', 'update', 'delete'] as const);
    for (const command of commands) {
      const reads = command === 'select' || command === 'delete' ? seen : mine;
      const using = command === 'insert' ? '' : `\n  using (${reads})`;
      const check = command === 'insert' || command === 'update' ? `\n  with check (${mine})` : '';
      lines.push(`create policy ${name}_${command}_own on ${tableRef(table)}\n  for ${command} to authenticated${using}${check};`);
    }
  }
  return { sql: lines.join('\n'), parentColumn };
}

/** Rules the text sets on other rows ("so patients cannot book them"): enforced in the routes that create those rows. */
function addRestrictionStep(draft: Draft, ctx: PlanContext, created: string): void {
  const m = RESTRICT.exec(ctx.text.toLowerCase());
  if (!m) return;
  // The verb the rule forbids ("book"), met in a creating route's handler name ("book_appointment").
  const verb = /^\s*(?:be able to\s+)?(\w+)/.exec(ctx.text.toLowerCase().slice(m.index + m[0].length))?.[1];
  const creators = verb ? ctx.grounding.routes.filter((r) => r.method === 'POST' && nameParts(r.handler).some((p) => stem(p) === stem(verb))) : [];
  if (!creators.length) {
    draft.questions.push(`What exactly must the new ${created.replace(/_/g, ' ')} prevent, and where are those rows created today?`);
    return;
  }
  for (const route of creators.slice(0, 2)) {
    addStep(draft, {
      title: `Refuse, in \`${routeName(route)}\`, what the new ${created.replace(/_/g, ' ')} forbid`,
      detail: `\`${route.handler}\` (\`${where(route)}\`) checks the new table in the same transaction as its insert and answers 409 with the reason; a unique or exclusion constraint is the stronger guard when the rule is about overlapping times.`,
      files: [{ path: route.file, new: false }],
    });
  }
}

/** Create rows: in a new table named after the request's nouns (with RLS), with its models, routes and tests. */
export function planCreate(ctx: PlanContext): Draft {
  if (!ctx.newName && !ctx.target) return planUnmatched(ctx);
  const draft = newDraft();
  const parent = parentOf(ctx);
  const naming = namingOf(ctx.newName ?? ctx.naming.plural);
  const exists = ctx.grounding.tables.find((t) => t.name === naming.plural);
  if (exists) return planInsert({ ...ctx, target: exists, naming, routes: ctx.grounding.routes.filter((r) => r.path.split('/').some((s) => singular(s) === naming.singular)) });
  // Rows of a parent live under the parent's routes, in the parent's router: /notes/{note_id}/shares.
  const parentRoutes = parent ? ctx.grounding.routes.filter((r) => r.path.split('/').some((s) => s.replace(/-/g, '_') === parent.name)) : [];
  const files = chooseFiles({ grounding: ctx.grounding, plural: naming.plural, model: naming.model, routes: parentRoutes });
  const { sql, parentColumn } = createTableSql(ctx, naming.plural, parent);
  const person = personOf(ctx, parent);
  draft.understood.push(`The request: store ${naming.plural.replace(/_/g, ' ')}${parent ? ` for ${parent.name}` : ''}. Nothing in the repository holds them yet: the plan creates \`public.${naming.plural}\`${parent ? `, each row belonging to one row of ${describeTable(parent)}` : ''}.`);
  const migration = addMigration(draft, ctx, { slug: naming.plural, sql, purpose: `Create public.${naming.plural}${ctx.grounding.supabase ? (person?.relation.recipient ? ' with RLS and select, insert and delete policies (no update: a row is removed and made again)' : ' with RLS and one policy per operation') : ''}.` });
  {
    addStep(draft, {
      title: `Create \`public.${naming.plural}\`${ctx.grounding.supabase ? ' with RLS' : ''}`,
      detail: `${person ? `\`${parentColumn}\` references \`${parent!.key}\` and \`${person.column}\` the ${person.relation.recipient ? 'person it is for' : 'caller'} (\`${person.ref.split(' ')[0]}\`); one row per pair (the unique constraint also indexes \`${parentColumn}\`), and \`${person.column}\` is indexed for the "mine" lookups. ` : parentColumn ? `\`${parentColumn}\` references \`${parent!.key}\` and is indexed (joins and the cascade need it). ` : ''}Add the feature's own columns (see the questions). ${ctx.grounding.supabase ? `RLS is enabled in the same migration, with ${person?.relation.recipient ? `policies for the owner to read, add and remove rows (\`${person.column}\` may also read and remove its row) and none for update, so a row is never re-pointed to someone else` : `one policy per operation for the ${person ? "caller's own rows" : 'owner'}`}. ` : ''}${migrationHow(ctx.grounding.layout)}`,
      files: [...(migration ? [migration] : []), ...(files.orm ? [files.orm] : [])],
      sql: migration ? undefined : sql,
    });
  }
  const parentItem = parentColumn ? ctx.grounding.routes.find((r) => /\{\w+\}$/.test(r.path) && r.path.split('/').some((s) => s.replace(/-/g, '_') === parent!.name))?.path.replace(/\{\w+\}$/, `{${parentColumn}}`) : undefined;
  const parentList = parentRoutes.find((r) => r.path.endsWith(`/${parent!.name.replace(/_/g, '-')}`))?.path;
  const base = parentItem ?? (parentList && parentColumn ? `${parentList}/{${parentColumn}}` : undefined);
  // Under its parent, the child is named without the parent's prefix: note_shares -> /notes/{note_id}/shares.
  const segment = (base && parent ? naming.plural.replace(new RegExp(`^${singular(parent.name)}_`), '') : naming.plural).replace(/_/g, '-');
  const path = `${base ?? commonPrefix(ctx.grounding.routes.map((r) => r.path))}/${segment}`;
  const api: PlanApi[] = [
    { method: 'POST', path, new: true, request_model: `${naming.model}Create`, response_model: `${naming.model}Out`, auth: ctx.grounding.auth ? `existing dependency \`${ctx.grounding.auth.name}\`` : undefined, status_codes: ['201 created', '401 not signed in', base ? `404 no such ${singular(parent!.name)}, or not the caller's` : `403 the caller may not add ${naming.plural.replace(/_/g, ' ')}`, '422 invalid body'] },
    { method: 'GET', path, new: true, response_model: `list[${naming.model}Out]`, auth: ctx.grounding.auth ? `existing dependency \`${ctx.grounding.auth.name}\`` : undefined, status_codes: ['200 the caller\'s rows, newest first, at most `limit` (≤ 100)', '401 not signed in'] },
  ];
  draft.api.push(...api);
  addStep(draft, { title: `Define \`${naming.model}Create\` and \`${naming.model}Out\``, detail: `\`${naming.model}Create\` carries only what a client may set (\`extra="forbid"\`; ${person?.relation.recipient ? `\`${person.column}\`, the person it is for, but ` : ''}never the owner${person && !person.relation.recipient ? ` or \`${person.column}\`` : ''} or \`created_at\`), \`${naming.model}Out\` exactly what is returned.${person?.relation.recipient ? ` A second row for the same pair answers 409 (the unique constraint), and the caller cannot name themselves.` : ''}`, files: [files.schemas] });
  addStep(draft, { title: `Add ${api.map((a) => `\`${routeName(a)}\``).join(' and ')}`, detail: `Both depend on ${ctx.grounding.auth ? `\`${ctx.grounding.auth.name}\`` : 'an auth dependency'}; the owner comes from the caller, never from the body; the list is paginated.`, files: [files.router, ...(files.router.new && (ctx.grounding.layout.registry ?? ctx.grounding.layout.app) ? [{ path: (ctx.grounding.layout.registry ?? ctx.grounding.layout.app)!, new: false }] : [])] });
  addRestrictionStep(draft, ctx, naming.plural);
  if (ctx.reading.notify && parent) addNotifyStep(draft, { ...ctx, target: parent, naming: namingOf(parent.name), files: { ...ctx.files, router: files.router } }, { recipientColumn: person?.relation.recipient ? person.column : undefined });
  draft.tests.push({
    path: files.tests.path,
    new: files.tests.new,
    code: pytestModule({
      about: `Tests for ${api.map(routeName).join(' and ')}.`,
      fixtures: ['client: a TestClient of the app', 'owner_headers, other_user_headers: Authorization headers of two users'],
      cases: [
        { name: `test_owner_creates_and_lists_${naming.plural}`, doc: 'The owner creates a row and sees it in the list.', method: 'POST', path, body: '{}', headers: 'owner_headers', status: 201, then: [`listed = client.get(${path.includes('{') ? 'f' : ''}"${path}", headers=owner_headers).json()`, 'assert [row["id"] for row in listed] == [response.json()["id"]]'] },
        { name: `test_other_user_does_not_see_them`, doc: "Another user's list does not contain the owner's rows.", method: 'GET', path, headers: 'other_user_headers', status: 200, then: ['assert response.json() == []'] },
        { name: 'test_anon_is_refused', doc: 'Without a token: 401.', method: 'POST', path, body: '{}', status: 401 },
      ],
    }),
  });
  addStep(draft, { title: 'Write the tests', detail: 'The owner, another user and anon (the skeletons below).', files: [files.tests] });
  if (person?.relation.recipient && parent) {
    const reads = parent.policies.filter((p) => p.command === 'select' || p.command === 'all');
    draft.questions.push(`What may the person in \`${person.column}\` do with the ${singular(parent.name).replace(/_/g, ' ')}: read it, or also change it? ${reads.length ? `Today ${reads.length > 1 ? 'the policies' : 'the policy'} ${reads.map((p) => `"${p.name}"`).join(', ')} decide${reads.length > 1 ? '' : 's'} who reads \`${parent.key}\`` : `Today nothing but the owner's code decides who reads \`${parent.key}\``}: reading a shared one needs a policy for \`${person.column}\`, through a \`security definer\` function so the two tables' policies do not recurse.`);
  } else if (relationOf(ctx.reading)?.recipient && parent) {
    draft.questions.push(`Who is the person ${naming.plural.replace(/_/g, ' ')} are for: one of the app's users, or anyone by e-mail? I found no users table to reference.`);
  } else draft.questions.push(`Which fields does ${article(naming.singular.replace(/_/g, ' '))} have, and which of them are required?`);
  const own = new Set(naming.plural.split('_').map(singular));
  const missing = ctx.matches.unmatched.filter((w) => !own.has(w) && w.length > 3).slice(0, 2);
  if (missing.length) draft.questions.push(`The request mentions ${missing.map((w) => `"${w}"`).join(' and ')}, and nothing in the repository is named after ${missing.length > 1 ? 'them' : 'it'}: where ${missing.length > 1 ? 'are those' : `are ${plural(missing[0])}`} recorded, or ${missing.length > 1 ? 'are they' : 'are they'} new too?`);
  if (!parent) draft.questions.push(`Whose are the ${naming.plural.replace(/_/g, ' ')}: the signed-in user's, or a team's or organisation's?`);
  draft.risks.push(ctx.grounding.supabase ? `RLS: \`public.${naming.plural}\` is created with RLS on and ${person?.relation.recipient ? 'select, insert and delete policies (none for update)' : 'four owner policies'}; test that another user and anon read and write nothing.` : 'Authorisation: every query of the new table filters by the caller; test another user and anon.');
  return draft;
}
