import { findingsOf, lineOf, migration } from '../../run-sql.js';

const RULE = 'rls-enabled-no-policy';

describe(RULE, () => {
  it('reports the ENABLE statement of an exposed table left without policies', async () => {
    const sql = 'create table public.devices (id int, user_id uuid);\n\nalter table public.devices enable row level security;\n';
    const [f, ...rest] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ line: lineOf(sql, 'enable'), category: 'rls', severity: 'low' });
  });

  it('is silent when a later migration of the pull request adds a policy', async () => {
    const found = await findingsOf(RULE, [
      migration('20250101000000_a', 'create table public.devices (id int, user_id uuid);\nalter table public.devices enable row level security;'),
      migration('20250101000001_b', 'create policy "mine" on public.devices for select to authenticated using ((select auth.uid()) = user_id);'),
    ]);
    expect(found).toEqual([]);
  });

  it('accepts a table explicitly revoked from the API roles', async () => {
    const sql = 'create table public.jobs (id int);\nalter table public.jobs enable row level security;\nrevoke all on public.jobs from anon, authenticated;';
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
  });

  it('accepts a table whose comment says only the service role uses it', async () => {
    const sql = '-- Written by the billing worker with the service role only.\ncreate table public.ledger (id int);\nalter table public.ledger enable row level security;';
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
  });
});

describe('rls-enabled-no-policy on tables closed on purpose', () => {
  it('does not flag a lock-down migration that turns RLS on across tables, or a table the backend keeps for itself', async () => {
    const { findingsOf: of, migration: m } = await import('../../run-sql.js');
    const tables = 'create table public.prices (id int primary key);\ncreate table public.products (id int primary key);\ncreate table public.customers (id int primary key);\n';
    const lockdown = 'alter table public.prices enable row level security;\nalter table public.products enable row level security;\nalter table public.customers enable row level security;\n';
    expect(await of('rls-enabled-no-policy', [m('20250102000000_lockdown', lockdown)], { 'supabase/migrations/20250101000000_t.sql': tables })).toEqual([]);
    const events = 'create table public.webhook_events (id text primary key, processed_at timestamptz);\nalter table public.webhook_events enable row level security;\n';
    expect(await of('rls-enabled-no-policy', [m('20250103000000_events', events)])).toEqual([]);
    const notes = 'create table public.notes (id int primary key, body text);\nalter table public.notes enable row level security;\n';
    expect(await of('rls-enabled-no-policy', [m('20250104000000_notes', notes)])).toHaveLength(1);
  });

  it('accepts a table the backend keeps to itself (an ORM model or its own SQL), not one a Supabase client reads', async () => {
    const sql = 'create table public.devices (id int, user_id uuid);\n\nalter table public.devices enable row level security;\n';
    const orm = 'from sqlalchemy.orm import Mapped, mapped_column\nfrom app.db import Base\n\nclass Device(Base):\n    __tablename__ = "devices"\n    id: Mapped[int] = mapped_column(primary_key=True)\n';
    const rawSql = 'async def devices_of(conn, user_id):\n    return await conn.fetch("SELECT id FROM devices WHERE user_id = $1", user_id)\n';
    const client = 'export const devices = (uid: string) => supabase.from("devices").select("id").eq("user_id", uid);\n';
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)], { 'app/models/device.py': orm })).toEqual([]);
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)], { 'app/repo/devices.py': rawSql })).toEqual([]);
    // The app also reads it through a Supabase client (the user's session): no policy means it reads nothing.
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)], { 'app/models/device.py': orm, 'web/src/devices.ts': client })).toHaveLength(1);
    // A mention in a script or a migration is no use by the app.
    expect(await findingsOf(RULE, [migration('20250101000000_a', sql)], { 'scripts/export.py': rawSql })).toHaveLength(1);
  });
});
