import { jest } from '@jest/globals';
import { createPgliteServer } from '../../src/adapters/pglite-database.js';
import { SUPABASE_SHAPE_SQL } from '../../src/review/analyse/live/supabase-shape.js';
import { LiveDbError } from '../../src/ports/live-database.js';

jest.setTimeout(180_000);

describe('PGlite server', () => {
  const server = createPgliteServer({ setupSql: SUPABASE_SHAPE_SQL });
  afterAll(() => server.close());

  it('names its engine and starts every scratch from the shaped template', async () => {
    expect(await server.engine()).toMatch(/^PostgreSQL 18\.\d+ \(PGlite 0\.5\.16\)$/);
    const first = await server.createScratch();
    expect(first.insideTransaction).toBe(true);
    await first.run('create table public.left_behind (id int)');
    const roles = await first.query<{ rolname: string }>("select rolname from pg_roles where rolname in ('anon', 'authenticated', 'service_role') order by 1");
    expect(roles.rows.map((r) => r.rolname)).toEqual(['anon', 'authenticated', 'service_role']);
    await first.drop();
    const second = await server.createScratch();
    const left = await second.query("select to_regclass('public.left_behind') is null as gone");
    expect(left.rows[0]).toEqual({ gone: true });
    await second.drop();
  });

  it('reports PostgreSQL errors with their code and position', async () => {
    const scratch = await server.createScratch();
    try {
      await scratch.run('savepoint s');
      const err = await scratch.run('select * from nowhere').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LiveDbError);
      expect(err).toMatchObject({ code: '42P01', position: 15, message: 'relation "nowhere" does not exist' });
      await scratch.run('rollback to savepoint s');
      expect((await scratch.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await scratch.drop();
    }
  });

  it('abandons a statement that never ends and serves the next scratch from the template', async () => {
    const scratch = await server.createScratch();
    const stuck = scratch.run('do $$ begin loop perform 1; end loop; end $$').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 300));
    await server.interrupt();
    expect(await stuck).toBeInstanceOf(LiveDbError);
    await scratch.drop();
    const next = await server.createScratch();
    expect((await next.query("select auth.uid() is null as anonymous")).rows).toEqual([{ anonymous: true }]);
    await next.drop();
  });
});
