import { pythonClientRoles } from '../../../../../src/review/analyse/static/python/table-clients.js';
import { memorySnapshot } from '../../../../../src/review/memory-snapshot.js';

/** The roles of the queries of `tables` in a small repository of Python files. */
async function rolesOf(files: Record<string, string>, tables: string[]) {
  const sources = Object.entries(files).map(([path, text]) => ({ path, text, migration: false }));
  const roles = await pythonClientRoles({ repo: memorySnapshot(files), sources, tables });
  return Object.fromEntries(tables.map((t) => [t, roles(t)]));
}

const clients =
  'import os\n\nfrom supabase import create_client\n\n' +
  'admin = create_client(os.environ["SUPABASE_URL"], os.environ["SUPABASE_SERVICE_ROLE_KEY"])\n' +
  'public = create_client(os.environ["SUPABASE_URL"], os.environ["SUPABASE_ANON_KEY"])\n';

describe('pythonClientRoles', () => {
  it('follows each query to the key its client is built with', async () => {
    const code =
      'from app.clients import admin, public\n\n\n' +
      'def archive(job_id):\n    admin.table("exports").update({"archived": True}).eq("id", job_id).execute()\n\n\n' +
      'def mine(user_id):\n    return public.from_("profiles").select("*").eq("id", user_id).execute()\n\n\n' +
      'def anything(client):\n    return client.table("profiles").select("id").execute()\n';
    expect(await rolesOf({ 'app/__init__.py': '', 'app/clients.py': clients, 'app/jobs.py': code }, ['exports', 'profiles'])).toEqual({
      exports: ['service'],
      profiles: ['user', 'unknown'],
    });
  });

  it('skips storage buckets, and gives up on a service-role client a user signs in on', async () => {
    const storage = 'from app.clients import admin\n\n\ndef upload(data):\n    admin.storage.from_("exports").upload("a.csv", data)\n';
    expect(await rolesOf({ 'app/__init__.py': '', 'app/clients.py': clients, 'app/files.py': storage }, ['exports'])).toEqual({ exports: [] });
    const jobs = 'from app.clients import admin\n\n\ndef archive(job_id):\n    admin.table("exports").delete().eq("id", job_id).execute()\n';
    const login = 'from app.clients import admin\n\n\ndef login(email, password):\n    admin.auth.sign_in_with_password({"email": email, "password": password})\n';
    expect(await rolesOf({ 'app/__init__.py': '', 'app/clients.py': clients, 'app/jobs.py': jobs, 'app/login.py': login }, ['exports'])).toEqual({ exports: ['user'] });
    const token = 'from app.clients import admin\n\n\ndef as_user(jwt):\n    admin.postgrest.auth(jwt)\n';
    expect(await rolesOf({ 'app/__init__.py': '', 'app/clients.py': clients, 'app/jobs.py': jobs, 'app/token.py': token }, ['exports'])).toEqual({ exports: ['user'] });
  });
});
