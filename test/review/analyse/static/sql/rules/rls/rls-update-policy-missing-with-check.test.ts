import { findingsOf, lineOf, migration } from '../../run-sql.js';

const RULE = 'rls-update-policy-missing-with-check';
const TABLE =
  "create table public.boards (id int, owner_id uuid, collaborator_ids uuid[], is_public boolean);\nalter table public.boards enable row level security;\n";

describe(RULE, () => {
  it('reports an OR of owner and collaborator with no WITH CHECK', async () => {
    const sql = `${TABLE}create policy "edit" on public.boards for update to authenticated\n  using ((select auth.uid()) = owner_id or (select auth.uid()) = any (collaborator_ids));`;
    const [f] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(f).toMatchObject({ line: lineOf(sql, 'create policy'), category: 'rls' });
    expect(f.message).toContain('`owner_id`');
  });

  it('reports FOR ALL with a public-or-owner USING', async () => {
    const sql = `${TABLE}create policy "p" on public.boards for all using (is_public or owner_id = (select auth.uid()));`;
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toHaveLength(1);
  });

  it.each([
    ['a pure ownership predicate', 'for update using ((select auth.uid()) = owner_id)'],
    ['an explicit WITH CHECK', 'for update using (owner_id = (select auth.uid()) or (select auth.uid()) = any (collaborator_ids)) with check (owner_id = (select auth.uid()))'],
    ['an admin bypass that reads no column', "for update using (owner_id = (select auth.uid()) or ((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin')"],
    ['a membership sub-select', 'for update using (id in (select board_id from public.members where user_id = (select auth.uid())))'],
  ])('ignores %s', async (_name, clause) => {
    expect(await findingsOf(RULE, [migration('20250101000000_a', `${TABLE}create policy "p" on public.boards ${clause};`)])).toEqual([]);
  });
});
