import { section } from './section.js';

/** Rules only the live PostgreSQL stage reports (its lints of a static rule's meaning share that rule's id). */
export const LIVE = section('live', {
  'migration-fails': {
    category: 'query',
    severity: 'high',
    title: 'Migration fails on a fresh database',
    rationale:
      'The pull request\'s migrations were replayed, after the base branch\'s, into a real PostgreSQL shaped like the ' +
      'project (Supabase roles, auth and storage schemas), and PostgreSQL refused a statement. The same deploy, CI ' +
      'run or new developer database stops there. The message is PostgreSQL\'s own.',
    anchors: ['PostgreSQL error codes (SQLSTATE)'],
    examples: {
      bad: `
        create table public.items (id int primary key);
        alter table public.item add column name text;`,
      good: `
        create table public.items (id int primary key);
        alter table public.items add column name text;`,
    },
  },
  'multiple-permissive-policies': {
    category: 'query',
    severity: 'low',
    title: 'Redundant permissive policies for one role and action',
    rationale:
      'PostgreSQL ORs every permissive policy that applies to a role and command, for every row a query reads. Two with ' +
      'the same condition, or one that admits every row (`using (true)`) beside others, leave policies that change ' +
      'nothing yet are evaluated on every row, and mislead whoever reads the table\'s rules. Drop the redundant one. ' +
      '(Distinct conditions merged into one policy give the same OR, so they are not reported.)',
    anchors: ['splinter 0006 multiple_permissive_policies'],
    examples: {
      bad: `
        create table public.notes (
          id bigint generated always as identity primary key,
          owner_id uuid not null references auth.users (id) on delete cascade,
          body text
        );
        create index on public.notes (owner_id);
        alter table public.notes enable row level security;
        create policy "own notes" on public.notes for select to authenticated using ((select auth.uid()) = owner_id);
        create policy "read own notes" on public.notes for select to authenticated using ((select auth.uid()) = owner_id);`,
      good: `
        create table public.notes (
          id bigint generated always as identity primary key,
          owner_id uuid not null references auth.users (id) on delete cascade,
          body text
        );
        create index on public.notes (owner_id);
        alter table public.notes enable row level security;
        create policy "own notes" on public.notes for select to authenticated using ((select auth.uid()) = owner_id);
        create policy "public notes" on public.notes for select to authenticated using (body is not null);`,
    },
  },
  'duplicate-index': {
    category: 'query',
    severity: 'medium',
    title: 'Index that duplicates another one',
    rationale:
      'Two indexes with the same columns, operator classes, expressions and predicate serve the same queries, but every ' +
      'insert and update pays for both and both take memory. Drop one of them: keep the one that backs a constraint or is ' +
      'unique (a plain index on a primary key\'s columns repeats the key\'s own index).',
    anchors: ['splinter 0009 duplicate_index'],
    examples: {
      bad: `
        create table public.events (id int primary key, kind text);
        create index events_kind_idx on public.events (kind);
        create index events_kind_idx2 on public.events (kind);`,
      good: `
        create table public.events (id int primary key, kind text);
        create index events_kind_idx on public.events (kind);`,
    },
  },
  'extension-in-public': {
    category: 'security',
    severity: 'low',
    title: 'Extension installed in the public schema',
    rationale:
      'An extension created without a schema lands in public, where its functions, types and operators are exposed by ' +
      'the Data API and mix with the application\'s objects. Install extensions into a dedicated schema (`create ' +
      'extension ... with schema extensions`).',
    anchors: ['splinter 0014 extension_in_public'],
    examples: {
      bad: `
        create extension pg_trgm;`,
      good: `
        create extension pg_trgm with schema extensions;`,
    },
  },
});
