import { section } from './section.js';

/** SQL rules of the query category: indexes, locks and deploy-time failures. */
export const SQL_QUERY = section('sql', {
  'rls-initplan-auth-call': {
    category: 'query',
    severity: 'medium',
    title: 'auth.uid() in a policy is re-evaluated for every row',
    rationale:
      'A bare `auth.uid()`, `auth.jwt()`, `auth.role()` or `current_setting()` in a policy is called once per row the ' +
      'query scans. Wrapped in a scalar sub-select, `(select auth.uid())`, PostgreSQL evaluates it once per statement ' +
      'as an initPlan; Supabase measured 179 ms -> 9 ms on a large table. INSERT policies check each inserted row ' +
      'once and scan nothing, and UPDATE and DELETE policies filter only the rows the statement itself found (one, ' +
      'by its key, as a rule), so they are not reported; a policy FOR ALL also filters every SELECT and is. Nor is ' +
      '`auth.uid() = user_id` required by the whole policy when `user_id` leads every index of the table: the index ' +
      'scan takes the call as its condition and evaluates it once.',
    anchors: ['splinter 0003 auth_rls_initplan', 'Supabase docs: RLS performance recommendations'],
    plan: { rls: 4, performance: 4 },
    examples: {
      bad: `
        create table public.reads (id bigint generated always as identity primary key, user_id uuid not null);
        create index on public.reads (user_id);
        alter table public.reads enable row level security;
        create policy "own reads" on public.reads for all to authenticated
          using (auth.uid() = user_id) with check (auth.uid() = user_id);`,
      good: `
        create table public.reads (id bigint generated always as identity primary key, user_id uuid not null);
        create index on public.reads (user_id);
        alter table public.reads enable row level security;
        create policy "own reads" on public.reads for all to authenticated
          using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);`,
    },
  },
  'require-concurrent-index': {
    category: 'query',
    severity: 'medium',
    title: 'Index built or dropped without CONCURRENTLY on an existing table',
    rationale:
      'CREATE INDEX takes a SHARE lock that blocks every INSERT, UPDATE and DELETE on the table until the build ' +
      'finishes (minutes on a large table); DROP INDEX and REINDEX take stronger locks still. On a table that already ' +
      'holds data use CREATE INDEX CONCURRENTLY / DROP INDEX CONCURRENTLY, in a migration of its own because it ' +
      'cannot run inside a transaction block. Tables created in the same migration or pull request are empty and are ' +
      'not reported, nor are tables the comment above the statement calls small or empty, or whose lock it accepts (a ' +
      'maintenance window), nor tables a migration dated less than a week earlier created (from the file names\' ' +
      'timestamps: such a table has had no time to fill).',
    anchors: ['squawk require-concurrent-index-creation', 'squawk require-concurrent-index-deletion', 'squawk require-concurrent-reindex'],
    plan: { migration: 2, performance: 7 },
    examples: {
      context: `
        create table public.invoices (id int primary key, status text);`,
      bad: `
        create index invoices_status_idx on public.invoices (status);`,
      good: `
        create index concurrently invoices_status_idx on public.invoices (status);`,
    },
  },
  'concurrent-index-in-transaction': {
    category: 'query',
    severity: 'medium',
    title: 'CONCURRENTLY inside a transaction: the migration will fail',
    rationale:
      'CREATE/DROP/REINDEX ... CONCURRENTLY cannot run inside a transaction block. The Supabase CLI runs each ' +
      'migration file in one transaction, Alembic runs each revision in one, and an explicit BEGIN opens one, so the ' +
      'deploy fails with "cannot run inside a transaction block". Put the statement alone in its own migration file ' +
      '(Alembic: inside `with op.get_context().autocommit_block():`).',
    anchors: ['squawk ban-concurrent-index-creation-in-transaction', 'supabase/cli#2898', 'PostgreSQL docs: CREATE INDEX CONCURRENTLY'],
    examples: {
      context: `
        create table public.events (id int primary key, kind text);`,
      bad: `
        alter table public.events add column source text;

        create index concurrently events_source_idx on public.events (source);`,
      good: `
        create index concurrently events_kind_idx on public.events (kind);`,
    },
  },
  'adding-required-field': {
    category: 'query',
    severity: 'high',
    title: 'Column change that fails or rewrites an existing table',
    rationale:
      'ADD COLUMN ... NOT NULL without a default fails on any table that has rows. A volatile default ' +
      '(gen_random_uuid(), clock_timestamp(), serial, identity) rewrites the whole table under an ACCESS EXCLUSIVE ' +
      'lock, and SET NOT NULL scans it under that lock. Add the column nullable or with a constant default, backfill ' +
      'in batches, then add `check (col is not null) not valid`, validate it, and set NOT NULL. A comment above the ' +
      'statement that calls the table small or accepts the lock silences the lock findings; only an empty table ' +
      'silences NOT NULL without a default.',
    anchors: ['squawk adding-required-field', 'squawk adding-not-nullable-field', 'squawk adding-field-with-default'],
    plan: { migration: 1 },
    examples: {
      context: `
        create table public.invoices (id int primary key, memo text);`,
      bad: `
        alter table public.invoices add column currency char(3) not null;`,
      good: `
        alter table public.invoices add column currency char(3) not null default 'EUR';`,
    },
  },
  'table-without-key': {
    category: 'query',
    severity: 'low',
    title: 'Table without a primary key',
    rationale:
      'A table with neither a primary key nor a unique constraint lets duplicate rows in (a link table that records ' +
      'the same pair twice makes an ORM relationship load duplicates), gives no way to update or delete one row ' +
      'alone, and cannot have its UPDATEs and DELETEs replicated by logical replication (read replicas, Supabase ' +
      'Realtime) without a replica identity. Add a primary key: a composite one over the two foreign keys of a link ' +
      'table, or an identity column. A table with a unique constraint is not reported; partitions take their key ' +
      'from the parent.',
    anchors: ['splinter 0004 no_primary_key', 'PostgreSQL docs: Logical Replication (replica identity)'],
    examples: {
      bad: `
        create table public.team_members (team_id bigint not null, user_id uuid not null);`,
      good: `
        create table public.team_members (team_id bigint not null, user_id uuid not null, primary key (team_id, user_id));`,
    },
  },
  'unsupported-reg-type': {
    category: 'query',
    severity: 'medium',
    title: 'Column of a reg* type that pg_upgrade cannot upgrade',
    rationale:
      'Columns of type regproc, regprocedure, regoper, regoperator, regconfig, regdictionary, regnamespace or ' +
      'regcollation store OIDs that differ in the new cluster, so pg_upgrade refuses a database that has one in a ' +
      'table: the project\'s next PostgreSQL upgrade (Supabase\'s included) is blocked until the column is changed. ' +
      'Store the name as text and cast when reading, or use regclass, regrole or regtype, which pg_upgrade supports.',
    anchors: ['splinter 0018 unsupported_reg_types', 'PostgreSQL docs: pg_upgrade (reg* data types)'],
    examples: {
      bad: `
        create table public.search_configs (id int primary key, config regconfig not null);`,
      good: `
        create table public.search_configs (id int primary key, config text not null);`,
    },
  },
  'unindexed-foreign-key': {
    category: 'query',
    severity: 'medium',
    title: 'Foreign key without an index on its columns',
    rationale:
      'PostgreSQL indexes the referenced key but not the referencing columns. Without an index leading with the ' +
      'foreign-key columns, every delete or key update on the parent (and every ON DELETE CASCADE) scans the child ' +
      'table, and joins and RLS checks on the column do too. Add `create index on child (fk_column)`; a primary key ' +
      'or unique constraint whose first columns are the foreign key also counts, and so does a partial index. Audit columns (`created_by`) and ' +
      'keys to small lookup tables (types, statuses, tags, plans) are not reported: nobody searches by them, and ' +
      'their parents are rarely deleted, nor are the keys of a catalogue of things named per parent (a unique ' +
      '`(name, project_id)`: a handful of rows per parent). Nor is a key of a table the application queries, but never by that key ' +
      '(no filter, join, policy or read collection on it): the message names where it is searched when it is.',
    anchors: ['splinter 0001 unindexed_foreign_keys', 'Supabase docs: RLS performance (add indexes)'],
    plan: { migration: 3, performance: 5 },
    examples: {
      bad: `
        create table public.orders (id uuid primary key);
        create table public.items (id bigint primary key, order_id uuid not null references public.orders (id));`,
      good: `
        create table public.orders (id uuid primary key);
        create table public.items (id bigint primary key, order_id uuid not null references public.orders (id));
        create index on public.items (order_id);`,
    },
  },
  'blocking-ddl-lock': {
    category: 'query',
    severity: 'medium',
    title: 'DDL that locks an existing table while it scans or rewrites it',
    rationale:
      'Adding a FOREIGN KEY or CHECK constraint validates every existing row while holding a lock that blocks writes ' +
      '(for a foreign key, on both tables); adding a PRIMARY KEY or UNIQUE constraint builds its index under an ' +
      'ACCESS EXCLUSIVE lock; changing a column type rewrites the table under that lock. Add constraints `NOT VALID` ' +
      'and `VALIDATE CONSTRAINT` them in a later migration; build unique indexes CONCURRENTLY and attach them with ' +
      '`USING INDEX`; change types through a new column and a backfill. VACUUM FULL and CLUSTER rewrite the table ' +
      'under the same lock. Validating a NOT VALID constraint in the transaction that added it scans under the ADD\'s ' +
      'lock. Not reported when the comment above the statement says the table is small or empty, or accepts the lock ' +
      '(a maintenance window).',
    anchors: ['squawk constraint-missing-not-valid', 'squawk adding-foreign-key-constraint', 'squawk disallowed-unique-constraint', 'squawk changing-column-type'],
    plan: { migration: 4 },
    examples: {
      context: `
        create table public.a (id int primary key);
        create table public.b (id int primary key, a_id int);
        create index on public.b (a_id);`,
      bad: `
        alter table public.b add constraint b_a_fk foreign key (a_id) references public.a (id);`,
      good: `
        alter table public.b add constraint b_a_fk foreign key (a_id) references public.a (id) not valid;`,
    },
  },
  'rls-policy-column-unindexed': {
    category: 'query',
    severity: 'low',
    title: 'Policy filters on a column without an index',
    rationale:
      'A policy such as `(select auth.uid()) = user_id` is added to every query on the table; without an index ' +
      'leading with user_id each query scans the whole table. Supabase measured over 100x on large tables. Add a ' +
      'btree index on the column (a composite primary key only helps when the column comes first). Foreign-key ' +
      'columns are left to unindexed-foreign-key.',
    anchors: ['Supabase docs: RLS performance recommendations (add indexes)'],
    plan: { rls: 5 },
    examples: {
      bad: `
        create table public.docs (id int primary key, author uuid not null default auth.uid());
        alter table public.docs enable row level security;
        create policy "mine" on public.docs for select to authenticated using ((select auth.uid()) = author);`,
      good: `
        create table public.docs (id int primary key, author uuid not null default auth.uid());
        alter table public.docs enable row level security;
        create policy "mine" on public.docs for select to authenticated using ((select auth.uid()) = author);
        create index on public.docs (author);`,
    },
  },
});
