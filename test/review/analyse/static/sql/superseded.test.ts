import { findingsOf, migration } from './run-sql.js';

const TABLE = 'create table public.reads (id bigint primary key, user_id uuid not null);\nalter table public.reads enable row level security;\n';
const BARE = 'create policy "own reads" on public.reads for select to authenticated using (auth.uid() = user_id);\n';

describe('a statement a later migration of the same change replaces', () => {
  it('is not reported when the later migration fixes it (ALTER POLICY, DROP and CREATE, CREATE OR REPLACE FUNCTION)', async () => {
    const fixedByAlter = await findingsOf('rls-initplan-auth-call', [
      migration('20250101000000_a', TABLE + BARE),
      migration('20250102000000_b', 'alter policy "own reads" on public.reads using ((select auth.uid()) = user_id);\n'),
    ]);
    expect(fixedByAlter).toEqual([]);
    const recreated = await findingsOf('rls-initplan-auth-call', [
      migration('20250101000000_a', TABLE + BARE),
      migration('20250102000000_b', 'drop policy "own reads" on public.reads;\ncreate policy "own reads" on public.reads for select to authenticated using ((select auth.uid()) = user_id);\n'),
    ]);
    expect(recreated).toEqual([]);
    const fn = (path: string) => `create or replace function public.touch() returns trigger language plpgsql security definer${path} as $$ begin return new; end $$;\n`;
    const replaced = await findingsOf('function-search-path-mutable', [
      migration('20250101000000_a', fn('')),
      migration('20250102000000_b', fn(" set search_path = ''")),
    ]);
    expect(replaced).toEqual([]);
  });

  it('is reported on the replacement when the replacement keeps the problem, and a lock still counts at deploy', async () => {
    const kept = await findingsOf('rls-initplan-auth-call', [
      migration('20250101000000_a', TABLE + BARE),
      migration('20250102000000_b', 'drop policy "own reads" on public.reads;\n' + BARE),
    ]);
    expect(kept.map((f) => f.path)).toEqual(['supabase/migrations/20250102000000_b.sql']);
    const lock = await findingsOf('require-concurrent-index', [migration('20250603000000_c', 'create index reads_user on public.reads (user_id);\n')], {
      'supabase/migrations/20250101000000_a.sql': TABLE,
    });
    expect(lock).toHaveLength(1);
  });
});
