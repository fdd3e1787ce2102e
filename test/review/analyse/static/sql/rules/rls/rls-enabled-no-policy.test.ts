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

describe('rls-enabled-no-policy: only when something may query the table as anon or authenticated', () => {
  const sql = 'create table public.payouts (id bigint primary key, account_id uuid, amount int);\n\nalter table public.payouts enable row level security;\n';
  const pr = () => [migration('20250201000000_payouts', sql)];
  /** A backend settings module and a client factory: the service-role key, or the public anon key. */
  const settings = 'from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n    supabase_url: str = ""\n    supabase_service_role_key: str = ""\n    supabase_anon_key: str = ""\n\nsettings = Settings()\n';
  const factory = (key: string) =>
    'from supabase import Client, create_client\n\nfrom billing.settings import settings\n\n_client: Client | None = None\n\n\n' +
    'def get_db() -> Client:\n    global _client\n    if _client is None:\n' +
    `        _client = create_client(settings.supabase_url, settings.${key})\n    return _client\n`;
  /** A repository class that keeps the client on `self` and queries the table from another method. */
  const repository =
    'from billing.db import get_db\n\n\nclass PayoutRepository:\n    def __init__(self):\n        client = get_db()\n        self.client = client\n\n' +
    '    def pending(self, account_id):\n        return self.client.table("payouts").select("*").eq("account_id", account_id).execute().data\n';
  const backend = (key: string, extra: Record<string, string> = {}) => ({
    'billing/__init__.py': '',
    'billing/settings.py': settings,
    'billing/db.py': factory(key),
    'billing/payouts.py': repository,
    ...extra,
  });

  it('accepts a table the backend queries only through a client built with the service-role key', async () => {
    expect(await findingsOf(RULE, pr(), backend('supabase_service_role_key'))).toEqual([]);
    // The client injected into a route by a dependency that builds it with the service key.
    const route =
      'from typing import Annotated\n\nfrom fastapi import APIRouter, Depends\nfrom supabase import Client\n\nfrom billing.db import get_db\n\nrouter = APIRouter()\n\n\n' +
      '@router.get("/payouts")\ndef payouts(db: Annotated[Client, Depends(get_db)]):\n    return db.from_("payouts").select("id").execute().data\n';
    expect(await findingsOf(RULE, pr(), { ...backend('supabase_service_role_key'), 'billing/routes.py': route })).toEqual([]);
    // Users sign in on a client of their own (the anon key): the service-role client still runs as the service role.
    const login =
      'from supabase import create_client\n\nfrom billing.settings import settings\n\npublic = create_client(settings.supabase_url, settings.supabase_anon_key)\n\n\n' +
      'def login(email, password):\n    return public.auth.sign_in_with_password({"email": email, "password": password})\n';
    expect(await findingsOf(RULE, pr(), { ...backend('supabase_service_role_key'), 'billing/login.py': login })).toEqual([]);
  });

  it('reports a table a Python client built with the anon key queries', async () => {
    const [f, ...rest] = await findingsOf(RULE, pr(), backend('supabase_anon_key'));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ line: lineOf(sql, 'enable') });
  });

  it('reports a table a frontend reads through supabase-js, even when the backend uses the service role', async () => {
    const web = 'import { supabase } from "./client";\n\nexport const payouts = () => supabase.from("payouts").select("id, amount");\n';
    expect(await findingsOf(RULE, pr(), backend('supabase_service_role_key', { 'web/src/payouts.ts': web }))).toHaveLength(1);
  });

  it('reports a table a PostgREST URL reaches, even one the backend also maps with its ORM', async () => {
    const orm = 'from sqlalchemy.orm import Mapped, mapped_column\n\nfrom billing.base import Base\n\n\nclass Payout(Base):\n    __tablename__ = "payouts"\n    id: Mapped[int] = mapped_column(primary_key=True)\n';
    const rest = 'export const payouts = (base: string) => fetch(`${base}/rest/v1/payouts?select=id`);\n';
    expect(await findingsOf(RULE, pr(), { 'billing/models.py': orm })).toEqual([]);
    expect(await findingsOf(RULE, pr(), { 'billing/models.py': orm, 'web/src/payouts.ts': rest })).toHaveLength(1);
  });

  it('reports a table queried through a service-role client that code signs a user in on', async () => {
    const login =
      'from billing.db import get_db\n\n\ndef login(email, password):\n    return get_db().auth.sign_in_with_password({"email": email, "password": password})\n';
    expect(await findingsOf(RULE, pr(), backend('supabase_service_role_key', { 'billing/login.py': login }))).toHaveLength(1);
  });

  it('reports a table whose client it cannot follow to a key, and keeps reporting in a repository with no code (SQL only)', async () => {
    const untyped = 'def pending(client, account_id):\n    return client.table("payouts").select("*").eq("account_id", account_id).execute()\n';
    expect(await findingsOf(RULE, pr(), { 'billing/payouts.py': untyped })).toHaveLength(1);
    expect(await findingsOf(RULE, pr())).toHaveLength(1);
    // Code that never names the table (it may come later, or live in another repository) proves nothing either.
    expect(await findingsOf(RULE, pr(), { ...backend('supabase_service_role_key'), 'billing/payouts.py': 'def nothing():\n    return None\n' })).toHaveLength(1);
  });
});
