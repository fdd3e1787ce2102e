import type { Plan } from './plan-tool.js';
import type { FileHints } from './pick-files.js';
import { describeRules } from './rule-refs.js';

/**
 * The building blocks of the deterministic checklist: the steps a senior engineer takes for a
 * FastAPI + Supabase change, filled in with the files and the entity the tree suggests.
 */
export type Step = Plan['steps'][number];

export interface Entity {
  table: string;
  plural: string;
  model: string;
  id: string;
}

export function entityOf(files: FileHints): Entity {
  const plural = files.resource.replace(/[^a-z0-9_]+/gi, '_').toLowerCase();
  const single = plural.replace(/ies$/, 'y').replace(/s$/, '') || 'item';
  const model = single.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());
  return { table: `public.${plural}`, plural, model, id: `${single}_id` };
}

const step = (s: Partial<Step> & Pick<Step, 'title'>): Step => ({ files: [], api: [], queries: [], tests: [], ...s });

export function tableSql(e: Entity): string {
  return [
    `create table ${e.table} (`,
    '  id uuid primary key default gen_random_uuid(),',
    '  owner_id uuid not null references auth.users (id) on delete cascade,',
    '  -- the columns of the feature',
    '  created_at timestamptz not null default now()',
    ');',
    `create index ${e.plural}_owner_id_created_at_idx on ${e.table} (owner_id, created_at desc);`,
  ].join('\n');
}

export function policySql(e: Entity): string {
  const own = '(select auth.uid()) = owner_id';
  return [
    `alter table ${e.table} enable row level security;`,
    `create policy ${e.plural}_select_own on ${e.table} for select to authenticated using (${own});`,
    `create policy ${e.plural}_insert_own on ${e.table} for insert to authenticated with check (${own});`,
    `create policy ${e.plural}_update_own on ${e.table} for update to authenticated using (${own}) with check (${own});`,
    `create policy ${e.plural}_delete_own on ${e.table} for delete to authenticated using (${own});`,
  ].join('\n');
}

export const migrationStep = (f: FileHints, e: Entity): Step =>
  step({
    title: 'Write the migration',
    detail: `One new migration: the table with an owner column, constraints and the indexes its filters need. New NOT NULL columns on existing tables need a default or a backfill; indexes on existing tables are built CONCURRENTLY. ${describeRules('migration')}`,
    files: [f.migration],
    data_model: `${e.table}: id, owner_id → auth.users(id), the feature's columns, created_at; index (owner_id, created_at desc) for the owner's list.`,
    sql: tableSql(e),
  });

export const rlsStep = (f: FileHints, e: Entity): Step =>
  step({
    title: 'Enable Row Level Security with one policy per operation',
    detail: `In the same migration: a table in an exposed schema without RLS is readable and writable with the anon key. Policies name their role, compare the owner through \`(select auth.uid())\` (evaluated once, not per row) and check writes WITH CHECK. ${describeRules('rls')}`,
    files: [f.migration],
    sql: policySql(e),
  });

export const modelsStep = (f: FileHints, e: Entity): Step =>
  step({
    title: 'Define the Pydantic request and response models',
    detail: `\`${e.model}Create\` and \`${e.model}Update\` carry only what a client may set (no owner_id, no role; \`extra="forbid"\`); \`${e.model}Out\` lists exactly what is returned. ${describeRules('models')}`,
    files: f.models,
  });

export const serviceStep = (f: FileHints, e: Entity): Step =>
  step({
    title: 'Write the data access, async all the way',
    detail: `An AsyncSession or the async Supabase client; bound parameters, never SQL built from strings; one query per list, not one per item; every list paginated. ${describeRules('service')}`,
    files: f.routers,
    queries: [
      `list: select … from ${e.table} where owner_id = $1 order by created_at desc limit $2 offset $3 — served by (owner_id, created_at desc)`,
      `one: select … from ${e.table} where id = $1 and owner_id = $2 — primary key`,
    ],
  });

export const endpointStep = (f: FileHints, e: Entity): Step =>
  step({
    title: 'Add the endpoints with the auth dependency and the ownership check',
    detail: `Every route depends on the current user; a row of another user answers 404, not 403, so ids cannot be probed. Use the caller's JWT with Supabase (never the service-role key on a user request). ${describeRules('endpoint')}`,
    files: f.routers,
    api: [
      { method: 'POST', path: `/${e.plural}`, request_model: `${e.model}Create`, response_model: `${e.model}Out`, status_codes: ['201 created', '401 not signed in', '422 invalid body'] },
      { method: 'GET', path: `/${e.plural}`, response_model: `list[${e.model}Out]`, status_codes: ['200 the caller\'s rows, paginated (limit ≤ 100)', '401 not signed in'] },
      { method: 'GET', path: `/${e.plural}/{${e.id}}`, response_model: `${e.model}Out`, status_codes: ['200', '401 not signed in', '404 missing or not the owner'] },
    ],
  });

export const testsStep = (f: FileHints, e: Entity, extra: string[] = []): Step =>
  step({
    title: 'Test it with pytest and httpx',
    files: f.tests,
    tests: [
      ...extra,
      `the owner creates, lists and reads ${e.plural} (201, 200)`,
      `another user cannot read, update or delete the owner's ${e.plural} (404) and does not see them in lists`,
      `anon gets 401 from every route, and reads no rows of ${e.table} through the anon key (RLS)`,
      'lists reject limit > 100 (422)',
    ],
  });
