import { jest } from '@jest/globals';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createPgliteServer, templateCacheFile } from '../../src/adapters/pglite-database.js';
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

describe('PGlite template cache between processes', () => {
  const dirs: string[] = [];
  const scratchDir = () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ba-pglite-cache-')), 'cache');
    dirs.push(dirname(dir));
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  let written = '';

  const tableExists = async (server: ReturnType<typeof createPgliteServer>, name: string) => {
    const scratch = await server.createScratch();
    try {
      return (await scratch.query<{ found: boolean }>(`select to_regclass('${name}') is not null as found`)).rows[0].found;
    } finally {
      await scratch.drop();
    }
  };

  it('writes the shaped template to a private folder, and a later server loads it instead of running initdb and the setup', async () => {
    const dir = scratchDir();
    const first = createPgliteServer({ setupSql: 'create table public.shaped_first (id int);', templateCacheDir: dir });
    expect(await tableExists(first, 'public.shaped_first')).toBe(true);
    await first.close();
    written = templateCacheFile(dir, 'create table public.shaped_first (id int);');
    expect(existsSync(written)).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    // Planted under another setup's key: only a server that loads the file (and skips its own setup) sees shaped_first.
    const other = 'create table public.shaped_other (id int);';
    copyFileSync(written, templateCacheFile(dir, other));
    const second = createPgliteServer({ setupSql: other, templateCacheDir: dir });
    expect(await tableExists(second, 'public.shaped_first')).toBe(true);
    expect(await tableExists(second, 'public.shaped_other')).toBe(false);
    await second.close();
  });

  it('forgets a cached template that does not load and starts from initdb', async () => {
    const dir = scratchDir();
    const setupSql = 'create table public.shaped_again (id int);';
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(templateCacheFile(dir, setupSql), 'not a data directory');
    const server = createPgliteServer({ setupSql, templateCacheDir: dir });
    expect(await tableExists(server, 'public.shaped_again')).toBe(true);
    await server.close();
    expect(readFileSync(templateCacheFile(dir, setupSql)).length).toBeGreaterThan(1_000_000);
  });

  it('does not trust a cache folder others may write to, nor writes to it', async () => {
    const dir = scratchDir();
    mkdirSync(dir, { mode: 0o777 });
    chmodSync(dir, 0o777);
    const planted = 'create table public.shaped_planted (id int);';
    copyFileSync(written, templateCacheFile(dir, planted));
    const server = createPgliteServer({ setupSql: planted, templateCacheDir: dir });
    expect(await tableExists(server, 'public.shaped_first')).toBe(false);
    expect(await tableExists(server, 'public.shaped_planted')).toBe(true);
    await server.close();
    expect(readFileSync(templateCacheFile(dir, planted)).equals(readFileSync(written))).toBe(true);
  });
});
