import { jest } from '@jest/globals';
import { liveEngines, liveHarness, migration } from './live-helper.js';

jest.setTimeout(300_000);

const NOTES = `create table public.notes (
  id bigint generated always as identity primary key,
  owner_id uuid not null references auth.users (id),
  body text not null default ''
);
create index notes_owner_id_idx on public.notes (owner_id);
alter table public.notes enable row level security;
create policy "own notes" on public.notes for all to authenticated
  using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);
`;

describe.each(liveEngines())('live replay on %s', (_name, url) => {
  const live = liveHarness(url);
  afterAll(() => live.close());

  it('replays the base migrations, then the pull request\'s, and reports nothing on a sound change', async () => {
    const result = await live.review(
      [{ path: migration(2, 'tags'), head: 'create table public.tags (id bigint primary key, note_id bigint not null references public.notes (id));\ncreate index on public.tags (note_id);\nalter table public.tags enable row level security;\ncreate policy "tags of own notes" on public.tags for select to authenticated using (exists (select 1 from public.notes n where n.id = note_id and n.owner_id = (select auth.uid())));\n' }],
      { [migration(1, 'notes')]: NOTES },
    );
    expect(result.status).toBe('ok');
    expect(result.detail).toMatch(/^PostgreSQL \d+\.\d+.*, 2 migrations replayed, RLS probed on 1 table as two users$/);
    expect(result.findings).toEqual([]);
  });

  it('reports a migration that fails on the failing statement\'s line with PostgreSQL\'s error', async () => {
    const head =
      'create table public.tags (id bigint primary key);\nalter table public.tags enable row level security;\nalter table public.tags\n  add column note_id bigint references public.nots (id);\n' +
      'create policy "read tags" on public.tags for select to authenticated using (true);\n';
    const result = await live.review([{ path: migration(2, 'tags'), head }], { [migration(1, 'notes')]: NOTES });
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: 'migration-fails',
        path: migration(2, 'tags'),
        line: 3,
        severity: 'high',
        source: 'live',
        message: expect.stringContaining('`ERROR: relation "public.nots" does not exist` (SQLSTATE 42P01)'),
      }),
    ]);
  });

  it('does not blame the pull request for a base migration that already fails, and says the stage is partial', async () => {
    const broken = 'create table public.a (id int primary key);\nselect no_such_function();\n';
    const result = await live.review([{ path: migration(2, 'tags'), head: 'create table public.tags (id bigint primary key);\nalter table public.tags enable row level security;\n' }], {
      [migration(1, 'broken')]: broken,
    });
    expect(result.findings.filter((f) => f.rule === 'migration-fails')).toEqual([]);
    expect(result.status).toBe('partial');
    expect(result.detail).toMatch(/2025010100000{2}_broken\.sql:2 fails on PostgreSQL .* before this pull request too/);
  });

  it('compares with the base version of a migration the pull request edits', async () => {
    const base = 'create table public.items (id bigint primary key);\nalter table public.items enable row level security;\n';
    const head = 'create table public.items (id bigint primary key);\n';
    const result = await live.review([{ path: migration(1, 'items'), base, head }]);
    expect(result.findings).toEqual([]);
    const edited = await live.review([{ path: migration(1, 'items'), base, head: `${head}alter table public.items disable row level security;\n` }]);
    expect(edited.findings.map((f) => [f.rule, f.line])).toContainEqual(['rls-disabled-on-exposed-table', 2]);
  });
});
