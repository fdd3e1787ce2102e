import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { LiveDbError, type LiveDatabaseServer, type LiveQueryResult, type LiveScratch, type LiveServerOptions } from '../ports/live-database.js';

const PREFIX = 'backend_agent';

/**
 * A real PostgreSQL server through the pg driver (DATABASE_URL / --database-url). The shape is
 * built once into a template database (named by a hash of the setup SQL, so a changed setup gets a
 * new one); every review gets `CREATE DATABASE ... TEMPLATE` and `DROP DATABASE ... WITH (FORCE)`.
 */
export function createPgServer(options: LiveServerOptions & { url: string }): LiveDatabaseServer {
  const templateName = `${PREFIX}_tpl_${createHash('sha256').update(options.setupSql).digest('hex').slice(0, 12)}`;
  let template: Promise<void> | undefined;
  const active = new Map<string, pg.Client>();

  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: options.url });
    client.on('error', () => undefined);
    await client.connect().catch((err: Error) => {
      throw toLiveError(err);
    });
    try {
      return await fn(client);
    } catch (err) {
      throw toLiveError(err as Error);
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  const connectTo = async (database: string): Promise<pg.Client> => {
    const url = new URL(options.url);
    url.pathname = `/${database}`;
    const client = new pg.Client({ connectionString: url.toString() });
    client.on('error', () => undefined);
    await client.connect().catch((err: Error) => {
      throw toLiveError(err);
    });
    return client;
  };

  // Built under a temporary name and renamed, so another process never copies a half-built template.
  const buildTemplate = async () => {
    const exists = await admin((c) => c.query('select 1 from pg_database where datname = $1', [templateName]));
    if (exists.rowCount) return;
    const building = `${PREFIX}_build_${randomBytes(4).toString('hex')}`;
    await admin((c) => c.query(`create database ${building}`));
    try {
      const client = await connectTo(building);
      try {
        await client.query(options.setupSql).catch((err: Error) => {
          throw toLiveError(err);
        });
      } finally {
        await client.end().catch(() => undefined);
      }
      await admin((c) => c.query(`alter database ${building} rename to ${templateName}`)).catch((err: LiveDbError) => {
        if (err.code !== '42P04') throw err; // another process won the race: its template is as good
      });
    } finally {
      await admin((c) => c.query(`drop database if exists ${building} with (force)`)).catch(() => undefined);
    }
  };

  const dropDatabase = (name: string) => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined);

  return {
    async engine() {
      const version = await admin((c) => c.query<{ v: string }>("select current_setting('server_version') as v"));
      return `PostgreSQL ${version.rows[0].v}`;
    },
    async createScratch() {
      template ??= buildTemplate();
      await template.catch((err) => {
        template = undefined;
        throw err;
      });
      const name = `${PREFIX}_scratch_${process.pid}_${randomBytes(4).toString('hex')}`;
      await createFromTemplate(admin, name, templateName);
      let client: pg.Client;
      try {
        client = await connectTo(name);
      } catch (err) {
        await dropDatabase(name).catch(() => undefined);
        throw err;
      }
      active.set(name, client);
      const run = async (sql: string, params?: readonly unknown[]): Promise<LiveQueryResult> => {
        try {
          const result = (await client.query(sql, params ? [...params] : undefined)) as pg.QueryResult | pg.QueryResult[];
          const last = Array.isArray(result) ? result[result.length - 1] : result;
          return { rows: last?.rows ?? [], affected: last?.rowCount ?? 0 };
        } catch (err) {
          throw toLiveError(err as Error);
        }
      };
      const scratch: LiveScratch = {
        insideTransaction: false,
        query: <T>(sql: string, params?: readonly unknown[]) => run(sql, params ?? []) as Promise<LiveQueryResult<T>>,
        run: (sql: string) => run(sql),
        async drop() {
          active.delete(name);
          await client.end().catch(() => undefined);
          await dropDatabase(name).catch(() => undefined);
        },
      };
      return scratch;
    },
    async interrupt() {
      const names = [...active.keys()];
      if (!names.length) return;
      await admin((c) => c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = any($1) and pid <> pg_backend_pid()', [names])).catch(() => undefined);
    },
    async close() {
      for (const [name, client] of active) {
        await client.end().catch(() => undefined);
        await dropDatabase(name).catch(() => undefined);
      }
      active.clear();
    },
  };
}

/** CREATE DATABASE ... TEMPLATE fails while another session copies the template: try a few times. */
async function createFromTemplate(admin: <T>(fn: (c: pg.Client) => Promise<T>) => Promise<T>, name: string, templateName: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`create database ${name} template ${templateName}`));
      return;
    } catch (err) {
      if ((err as LiveDbError).code !== '55006' || attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 100 + attempt * 50));
    }
  }
}

function toLiveError(err: Error): LiveDbError {
  if (err instanceof LiveDbError) return err;
  const e = err as Error & { code?: string; position?: string; detail?: string };
  return new LiveDbError(e.message, e.code, e.position ? Number(e.position) : undefined, e.detail);
}
