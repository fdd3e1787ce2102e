import { findingsOf, lineOf, migration } from '../../run-sql.js';

const RULE = 'foreign-table-in-api';
const SERVER =
  'create extension postgres_fdw schema extensions;\n' +
  "create server billing foreign data wrapper postgres_fdw options (host 'billing', dbname 'billing');\n" +
  "create user mapping for current_user server billing options (user 'reader', password 'secret');\n";

describe(RULE, () => {
  it('reports a foreign table the API roles can select in an exposed schema (splinter 0017): RLS cannot apply to it', async () => {
    const sql = `${SERVER}create foreign table public.invoices (\n  id integer,\n  amount int\n) server billing options (table_name 'invoices');\n`;
    const [f, ...rest] = await findingsOf(RULE, [migration('20250101000000_a', sql)]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ line: lineOf(sql, 'create foreign table'), category: 'rls', severity: 'high' });
    expect(f.message).toMatch(/row level security cannot be enabled on a foreign table[\s\S]*revoke all on public.invoices from anon, authenticated/);
  });

  it('is silent once SELECT is revoked from the API roles, in a private schema, and when the API serves another schema', async () => {
    const table = "create foreign table public.invoices (id integer) server billing options (table_name 'invoices');\n";
    const revoked = `${SERVER}${table}revoke select on public.invoices from anon, authenticated, public;\n`;
    const privateSchema = `${SERVER}create schema private;\n${table.replace('public.', 'private.')}`;
    for (const sql of [revoked, privateSchema]) expect(await findingsOf(RULE, [migration('20250101000000_a', sql)])).toEqual([]);
    const config = { 'supabase/config.toml': '[api]\nschemas = ["api"]\n' };
    expect(await findingsOf(RULE, [migration('20250101000000_a', `${SERVER}${table}`)], config)).toEqual([]);
  });
});
