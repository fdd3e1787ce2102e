import pino from 'pino';
import { gatherRepo } from '../../../src/triage/grounding/gather-repo.js';
import { memorySnapshot } from '../../../src/review/memory-snapshot.js';
import type { RepoGrounding } from '../../../src/triage/grounding/types.js';
import { fixtureRepo } from '../../helpers/fixture-repo.js';

const log = pino({ level: 'silent' });
const read = async (files: Record<string, string>) => (await gatherRepo({ repo: memorySnapshot(files), ref: 'main', log })).grounding;
const table = (g: RepoGrounding, key: string) => g.tables.find((t) => t.key === key)!;
const routes = (g: RepoGrounding) => g.routes.map((r) => `${r.method} ${r.path} ${r.file}:${r.line} ${r.handler} [${r.dependencies.join(', ')}]${r.authenticated ? ' auth' : ''}${r.caller ? ` by ${r.caller}` : ''}`);

describe('gatherRepo', () => {
  it('reads a Supabase project: tables, owner columns, RLS and policies from the migrations; routes and models from the Python model', async () => {
    const g = (await gatherRepo({ repo: fixtureRepo('schools').repo, ref: 'main', log })).grounding;
    expect(g.backend).toEqual({ verdict: 'yes', evidence: 'supabase/config.toml' });
    expect(g.supabase).toBe(true);
    expect(g.tables.map((t) => t.key)).toEqual(['public.announcements', 'public.enrolments', 'public.lessons', 'public.schools', 'public.staff', 'public.students']);
    const lessons = table(g, 'public.lessons');
    expect(lessons).toMatchObject({ path: 'supabase/migrations/20240110090000_schools.sql', line: 25, rls: true, origin: 'migration', indexes: [['id'], ['school_id'], ['teacher_id']], uniques: [['id']] });
    expect(lessons.columns.find((c) => c.name === 'school_id')).toEqual({ name: 'school_id', type: 'int8', notNull: true, references: 'public.schools' });
    expect(lessons.policies.map((p) => [p.name, p.command, p.line])).toEqual([["Staff read their school's lessons", 'select', 58], ['Students read lessons they attend', 'select', 62]]);
    // Owner columns: a foreign key to auth.users, a column a policy compares with auth.uid().
    expect(table(g, 'public.staff').ownerColumns).toEqual(['user_id']);
    expect(table(g, 'public.announcements').ownerColumns).toEqual(['author_id']);
    expect(routes(g)).toEqual([
      'PATCH /lessons/{lesson_id} app/routers/lessons.py:26 update_lesson [get_db] auth by get_current_user',
      'GET /schools/{school_id} app/routers/schools.py:10 get_school [get_db] auth by get_current_user',
      'GET /schools/{school_id}/lessons app/routers/lessons.py:12 list_lessons [get_db] auth by get_current_user',
      'POST /schools/{school_id}/lessons app/routers/lessons.py:20 create_lesson [get_db] auth by get_current_user',
    ]);
    expect(g.routes.find((r) => r.method === 'POST')).toMatchObject({ requestModels: ['LessonCreate'], responseModel: 'LessonOut' });
    expect(g.models.map((m) => `${m.kind} ${m.name} ${m.file}:${m.line}`)).toEqual(['pydantic LessonCreate app/schemas/lessons.py:6', 'pydantic LessonUpdate app/schemas/lessons.py:15', 'pydantic LessonOut app/schemas/lessons.py:23', 'pydantic SchoolOut app/schemas/schools.py:4']);
    expect(g.models[2].fields).toEqual(['id', 'title', 'room', 'starts_at', 'ends_at', 'teacher_id']);
    expect(g.layout).toEqual({ app: 'app/main.py', routers: 'app/routers/', schemas: 'app/schemas/', services: 'app/services/', tests: 'tests/', migrations: { tool: 'supabase', dir: 'supabase/migrations/' }, deps: 'app/deps.py', registry: 'app/main.py' });
    expect(g.auth).toEqual({ name: 'get_current_user', file: 'app/deps.py' });
    expect(g.notes).toEqual([]);
  });

  it('reads an Alembic project: the revisions replayed along their chain, include_router prefixes joined into the route paths', async () => {
    const g = (await gatherRepo({ repo: fixtureRepo('shop').repo, ref: 'main', log })).grounding;
    expect(g.backend.verdict).toBe('yes');
    expect(g.supabase).toBe(false);
    expect(g.tables.map((t) => [t.key, t.model, t.rls])).toEqual([
      ['public.customers', 'Customer', false],
      ['public.order_items', 'OrderItem', false],
      ['public.orders', 'Order', false],
      ['public.products', 'Product', false],
      ['public.refunds', 'Refund', false],
    ]);
    expect(table(g, 'public.orders').ownerColumns).toEqual(['customer_id']);
    expect(table(g, 'public.refunds').path).toBe('alembic/versions/2024_04_12_1430_a93b0c4e2f71_refunds.py');
    expect(routes(g)).toEqual([
      'GET /api/v1/orders app/api/routes/orders.py:11 list_orders [get_session, get_current_customer] auth by get_current_customer',
      'POST /api/v1/orders app/api/routes/orders.py:27 create_order [get_session, get_current_customer] auth by get_current_customer',
      'GET /api/v1/orders/{order_id} app/api/routes/orders.py:19 get_order [get_session, get_current_customer] auth by get_current_customer',
      'GET /api/v1/products app/api/routes/products.py:11 list_products [get_session]',
      'GET /api/v1/products/{product_id} app/api/routes/products.py:19 get_product [get_session]',
    ]);
    expect(g.layout).toMatchObject({ routers: 'app/api/routes/', schemas: 'app/schemas/', models: 'app/db/models.py', tests: 'tests/api/', migrations: { tool: 'alembic', dir: 'alembic/versions/' }, registry: 'app/api/main.py' });
  });

  it('reads a plain SQLAlchemy project: tables from the mapped classes, RLS unknown, routes on the app itself', async () => {
    const g = (await gatherRepo({ repo: fixtureRepo('clinic').repo, ref: 'main', log })).grounding;
    expect(g.backend).toEqual({ verdict: 'yes', evidence: 'clinic/database.py' });
    expect(g.tables.map((t) => [t.key, t.origin, t.rls, t.ownerColumns])).toEqual([
      ['public.users', 'model', null, []],
      ['public.doctors', 'model', null, ['user_id']],
      ['public.patients', 'model', null, ['user_id']],
      ['public.appointments', 'model', null, []],
    ]);
    expect(table(g, 'public.appointments').columns.find((c) => c.name === 'starts_at')).toEqual({ name: 'starts_at', type: 'DateTime(timezone=True)', notNull: true, references: undefined });
    expect(table(g, 'public.appointments').indexes).toEqual([['id'], ['patient_id'], ['doctor_id']]);
    expect(routes(g)).toContain('DELETE /appointments/{appointment_id} clinic/main.py:34 cancel_appointment [get_current_user, get_db] auth by get_current_user');
    expect(g.layout).toMatchObject({ app: 'clinic/main.py', migrations: { tool: 'none' }, models: 'clinic/models.py', deps: 'clinic/auth.py' });
  });

  it('says a repository without backend code is not one, and costs only the part that fails', async () => {
    expect((await read({ 'web/src/main.ts': 'x', 'README.md': '# web' })).backend).toEqual({ verdict: 'no', evidence: 'no Python modules or migrations in the tree' });
    expect((await read({ 'scripts/tool.py': 'import os\n', 'README.md': '' })).backend.verdict).toBe('no');
    expect((await read({ 'service/app.py': 'from fastapi import FastAPI\napp = FastAPI()\n' })).backend).toEqual({ verdict: 'yes', evidence: 'service/app.py' });
    const broken = await read({ 'supabase/migrations/1_a.sql': 'create table public.a (id int);\ncreate tabel b ();\n', 'app/main.py': 'from fastapi import FastAPI\n' });
    expect(broken.tables.map((t) => t.key)).toEqual(['public.a']);
    expect(broken.notes.join('\n')).toMatch(/supabase\/migrations\/1_a\.sql:2 was not analysed/);
  });
});
