/**
 * What the engine knows about the libraries FastAPI backends use: which calls build which kind of
 * object, and which methods of each kind do blocking I/O or return a coroutine.
 */
export type Kind =
  | 'httpx.Client' | 'httpx.AsyncClient' | 'requests.Session' | 'aiohttp.ClientSession'
  | 'sa.Session' | 'sa.AsyncSession' | 'sa.sessionmaker' | 'sa.async_sessionmaker'
  /** `scoped_session(...)`: a registry that is called for its Session and proxies every Session method. */
  | 'sa.scoped_session'
  /** Flask-SQLAlchemy's `SQLAlchemy(app)`: `.session` is a sync scoped session. */
  | 'fsa.SQLAlchemy'
  | 'sa.Engine' | 'sa.AsyncEngine' | 'sa.Connection' | 'sa.AsyncConnection'
  | 'sb.Client' | 'sb.Query' | 'sb.Auth' | 'sb.Storage' | 'sb.Postgrest' | 'sb.Response'
  | 'apg.Connection' | 'apg.Pool'
  | 'pg.Connection' | 'pg.Cursor' | 'pg.Pool' | 'pg.AsyncConnection' | 'pg.AsyncCursor' | 'pg.AsyncPool'
  | 'path' | 'boto3.Client' | 'redis.Redis' | 'redis.AsyncRedis' | 'smtp.SMTP' | 'urllib3.PoolManager' | 'databases.Database' | 'jwt.PyJWKClient'
  /** FastAPI / Starlette `UploadFile` (async methods) and its `.file`, a sync SpooledTemporaryFile. */
  | 'upload' | 'upload.file'
  /** A client of a synchronous SDK (see known-sdk.ts); the value's `sdk` names which. */
  | 'sdk.Client';

/** External constructors and factories -> the kind they return (`await` needed when `coro`). */
export const FACTORIES: Record<string, { kind: Kind; async?: boolean; coro?: boolean; supabase?: boolean }> = {
  'httpx.Client': { kind: 'httpx.Client' },
  'httpx.AsyncClient': { kind: 'httpx.AsyncClient' },
  'requests.Session': { kind: 'requests.Session' },
  'requests.session': { kind: 'requests.Session' },
  'requests.sessions.Session': { kind: 'requests.Session' },
  'aiohttp.ClientSession': { kind: 'aiohttp.ClientSession' },
  'sqlalchemy.create_engine': { kind: 'sa.Engine' },
  'sqlalchemy.engine.create_engine': { kind: 'sa.Engine' },
  'sqlmodel.create_engine': { kind: 'sa.Engine' },
  'sqlalchemy.ext.asyncio.create_async_engine': { kind: 'sa.AsyncEngine' },
  'sqlalchemy.orm.sessionmaker': { kind: 'sa.sessionmaker' },
  'sqlalchemy.orm.scoped_session': { kind: 'sa.scoped_session' },
  'sqlalchemy.orm.scoping.scoped_session': { kind: 'sa.scoped_session' },
  'flask_sqlalchemy.SQLAlchemy': { kind: 'fsa.SQLAlchemy' },
  'flask_sqlalchemy.extension.SQLAlchemy': { kind: 'fsa.SQLAlchemy' },
  'sqlalchemy.ext.asyncio.async_sessionmaker': { kind: 'sa.async_sessionmaker' },
  'sqlalchemy.orm.Session': { kind: 'sa.Session' },
  'sqlmodel.Session': { kind: 'sa.Session' },
  'sqlalchemy.ext.asyncio.AsyncSession': { kind: 'sa.AsyncSession' },
  'sqlmodel.ext.asyncio.session.AsyncSession': { kind: 'sa.AsyncSession' },
  'supabase.create_client': { kind: 'sb.Client', supabase: true },
  'supabase.Client': { kind: 'sb.Client', supabase: true },
  'supabase.client.create_client': { kind: 'sb.Client', supabase: true },
  'supabase.SyncClient': { kind: 'sb.Client', supabase: true },
  'supabase._sync.client.create_client': { kind: 'sb.Client', supabase: true },
  'supabase.acreate_client': { kind: 'sb.Client', async: true, coro: true, supabase: true },
  'supabase.create_async_client': { kind: 'sb.Client', async: true, coro: true, supabase: true },
  'supabase.client.acreate_client': { kind: 'sb.Client', async: true, coro: true, supabase: true },
  'supabase._async.client.create_client': { kind: 'sb.Client', async: true, coro: true, supabase: true },
  'supabase.AsyncClient.create': { kind: 'sb.Client', async: true, coro: true, supabase: true },
  'supabase.AsyncClient': { kind: 'sb.Client', async: true, supabase: true },
  'asyncpg.connect': { kind: 'apg.Connection', coro: true },
  'asyncpg.create_pool': { kind: 'apg.Pool' },
  'asyncpg.pool.create_pool': { kind: 'apg.Pool' },
  'psycopg2.connect': { kind: 'pg.Connection' },
  'psycopg.connect': { kind: 'pg.Connection' },
  'psycopg.Connection.connect': { kind: 'pg.Connection' },
  'sqlite3.connect': { kind: 'pg.Connection' },
  'pymysql.connect': { kind: 'pg.Connection' },
  'psycopg.AsyncConnection.connect': { kind: 'pg.AsyncConnection', coro: true },
  'psycopg2.pool.SimpleConnectionPool': { kind: 'pg.Pool' },
  'psycopg2.pool.ThreadedConnectionPool': { kind: 'pg.Pool' },
  'psycopg_pool.ConnectionPool': { kind: 'pg.Pool' },
  'psycopg_pool.AsyncConnectionPool': { kind: 'pg.AsyncPool' },
  'pathlib.Path': { kind: 'path' },
  'pathlib.PosixPath': { kind: 'path' },
  'boto3.client': { kind: 'boto3.Client' },
  'boto3.resource': { kind: 'boto3.Client' },
  'boto3.session.Session.client': { kind: 'boto3.Client' },
  'redis.Redis': { kind: 'redis.Redis' },
  'redis.StrictRedis': { kind: 'redis.Redis' },
  'redis.from_url': { kind: 'redis.Redis' },
  'redis.Redis.from_url': { kind: 'redis.Redis' },
  'redis.asyncio.Redis': { kind: 'redis.AsyncRedis' },
  'redis.asyncio.from_url': { kind: 'redis.AsyncRedis' },
  'redis.asyncio.Redis.from_url': { kind: 'redis.AsyncRedis' },
  'smtplib.SMTP': { kind: 'smtp.SMTP' },
  'smtplib.SMTP_SSL': { kind: 'smtp.SMTP' },
  'urllib3.PoolManager': { kind: 'urllib3.PoolManager' },
  'urllib3.poolmanager.PoolManager': { kind: 'urllib3.PoolManager' },
  'databases.Database': { kind: 'databases.Database' },
  'jwt.PyJWKClient': { kind: 'jwt.PyJWKClient' },
  'jwt.jwks_client.PyJWKClient': { kind: 'jwt.PyJWKClient' },
};

/** Type annotations -> kind. */
export const ANNOTATIONS: Record<string, Kind> = {
  'sqlalchemy.orm.Session': 'sa.Session',
  'sqlmodel.Session': 'sa.Session',
  'sqlalchemy.ext.asyncio.AsyncSession': 'sa.AsyncSession',
  'sqlmodel.ext.asyncio.session.AsyncSession': 'sa.AsyncSession',
  'sqlalchemy.engine.Engine': 'sa.Engine',
  'sqlalchemy.Engine': 'sa.Engine',
  'sqlalchemy.ext.asyncio.AsyncEngine': 'sa.AsyncEngine',
  'sqlalchemy.engine.Connection': 'sa.Connection',
  'sqlalchemy.ext.asyncio.AsyncConnection': 'sa.AsyncConnection',
  'httpx.Client': 'httpx.Client',
  'httpx.AsyncClient': 'httpx.AsyncClient',
  'requests.Session': 'requests.Session',
  'aiohttp.ClientSession': 'aiohttp.ClientSession',
  'supabase.Client': 'sb.Client',
  'supabase.client.Client': 'sb.Client',
  'supabase.SyncClient': 'sb.Client',
  'supabase.AsyncClient': 'sb.Client',
  'supabase.client.AsyncClient': 'sb.Client',
  'asyncpg.Connection': 'apg.Connection',
  'asyncpg.connection.Connection': 'apg.Connection',
  'asyncpg.Pool': 'apg.Pool',
  'asyncpg.pool.Pool': 'apg.Pool',
  'psycopg2.extensions.connection': 'pg.Connection',
  'psycopg2.extensions.cursor': 'pg.Cursor',
  'psycopg.Connection': 'pg.Connection',
  'psycopg.Cursor': 'pg.Cursor',
  'psycopg.AsyncConnection': 'pg.AsyncConnection',
  'psycopg.AsyncCursor': 'pg.AsyncCursor',
  'psycopg_pool.ConnectionPool': 'pg.Pool',
  'psycopg_pool.AsyncConnectionPool': 'pg.AsyncPool',
  'pathlib.Path': 'path',
  'redis.Redis': 'redis.Redis',
  'redis.asyncio.Redis': 'redis.AsyncRedis',
  'redis.asyncio.client.Redis': 'redis.AsyncRedis',
  'databases.Database': 'databases.Database',
  'jwt.PyJWKClient': 'jwt.PyJWKClient',
  'jwt.jwks_client.PyJWKClient': 'jwt.PyJWKClient',
  'fastapi.UploadFile': 'upload',
  'fastapi.datastructures.UploadFile': 'upload',
  'starlette.datastructures.UploadFile': 'upload',
};

/**
 * Objects libraries keep under a global name: the request-scoped session of fastapi-sqlalchemy's
 * `DBSessionMiddleware` (`from fastapi_sqlalchemy import db`; `db.session.query(...)`) is a sync
 * SQLAlchemy Session; fastapi-async-sqlalchemy's is an AsyncSession.
 */
export const GLOBALS: Record<string, Kind> = {
  'fastapi_sqlalchemy.db.session': 'sa.Session',
  'fastapi_sqlalchemy.middleware.db.session': 'sa.Session',
  'fastapi_async_sqlalchemy.db.session': 'sa.AsyncSession',
  'fastapi_async_sqlalchemy.middleware.db.session': 'sa.AsyncSession',
};

/** Annotations naming the async variant of a supabase client. */
export const ASYNC_SUPABASE_ANNOTATIONS = new Set(['supabase.AsyncClient', 'supabase.client.AsyncClient']);

/** (kind, method) -> the kind of the result, for methods that return another known object. */
export const METHOD_RESULTS: Partial<Record<Kind, Record<string, Kind>>> = {
  'sa.sessionmaker': { begin: 'sa.Session', __call__: 'sa.Session' },
  'sa.async_sessionmaker': { begin: 'sa.AsyncSession', __call__: 'sa.AsyncSession' },
  'sa.Engine': { connect: 'sa.Connection', begin: 'sa.Connection' },
  'sa.AsyncEngine': { connect: 'sa.AsyncConnection', begin: 'sa.AsyncConnection' },
  'sa.Session': { begin: 'sa.Session' },
  'sa.scoped_session': { begin: 'sa.Session', __call__: 'sa.Session' },
  'sa.AsyncSession': { begin: 'sa.AsyncSession' },
  'apg.Pool': { acquire: 'apg.Connection' },
  'pg.Connection': { cursor: 'pg.Cursor' },
  'pg.AsyncConnection': { cursor: 'pg.AsyncCursor' },
  'pg.Pool': { getconn: 'pg.Connection', connection: 'pg.Connection' },
  'pg.AsyncPool': { connection: 'pg.AsyncConnection' },
  'path': { joinpath: 'path', with_suffix: 'path', with_name: 'path', with_stem: 'path', resolve: 'path', absolute: 'path', expanduser: 'path' },
};

const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'send', 'stream'];
const SQLA_IO = ['execute', 'exec', 'scalar', 'scalars', 'get', 'get_one', 'commit', 'flush', 'refresh', 'rollback', 'merge', 'delete', 'stream', 'stream_scalars', 'connection', 'run_sync', 'close'];

const SYNC_SESSION_IO = new Set(['query', ...SQLA_IO.filter((m) => m !== 'stream' && m !== 'stream_scalars' && m !== 'run_sync'), 'bulk_save_objects', 'bulk_insert_mappings', 'bulk_update_mappings']);

/** Methods of a sync kind that block on network or disk I/O. */
export const BLOCKING_METHODS: Partial<Record<Kind, Set<string>>> = {
  'httpx.Client': new Set(HTTP_VERBS),
  'requests.Session': new Set(HTTP_VERBS),
  'sa.Session': SYNC_SESSION_IO,
  'sa.scoped_session': SYNC_SESSION_IO,
  'sa.Engine': new Set(['connect', 'begin', 'execute', 'dispose']),
  'sa.Connection': new Set(['execute', 'scalar', 'scalars', 'commit', 'rollback', 'exec_driver_sql']),
  'pg.Connection': new Set(['execute', 'commit', 'rollback', 'executemany']),
  'pg.Cursor': new Set(['execute', 'executemany', 'fetchone', 'fetchall', 'fetchmany', 'copy_expert', 'copy_from', 'copy_to', 'callproc']),
  'pg.Pool': new Set(['getconn']),
  'path': new Set(['read_text', 'read_bytes', 'write_text', 'write_bytes', 'open', 'mkdir', 'unlink', 'rmdir', 'touch', 'rename', 'replace', 'iterdir', 'rglob', 'glob']),
  'boto3.Client': new Set(['upload_file', 'upload_fileobj', 'download_file', 'download_fileobj', 'put_object', 'get_object', 'delete_object', 'delete_objects', 'head_object', 'copy_object', 'list_objects', 'list_objects_v2', 'send_email', 'send_raw_email', 'publish', 'send_message', 'receive_message', 'invoke', 'get_item', 'put_item', 'query', 'scan', 'update_item', 'delete_item', 'get_secret_value']),
  'redis.Redis': new Set(['get', 'set', 'setex', 'delete', 'incr', 'decr', 'expire', 'exists', 'hget', 'hset', 'hgetall', 'lpush', 'rpush', 'lpop', 'rpop', 'lrange', 'sadd', 'smembers', 'zadd', 'zrange', 'publish', 'mget', 'mset', 'ttl', 'keys', 'scan', 'pipeline_execute']),
  'smtp.SMTP': new Set(['send_message', 'sendmail', 'login', 'starttls', 'quit']),
  'urllib3.PoolManager': new Set(['request', 'urlopen', 'request_encode_url', 'request_encode_body']),
  // Fetches the JWKS over urllib whenever its cache is cold or expired.
  'jwt.PyJWKClient': new Set(['get_signing_key_from_jwt', 'get_signing_key', 'get_signing_keys', 'get_jwk_set', 'fetch_data']),
  // Rolled over to disk past 1 MB: `await upload.read()` runs the same read in a thread.
  'upload.file': new Set(['read', 'write', 'readline', 'readlines']),
};

/** Methods of an async kind that return a coroutine (must be awaited). */
export const COROUTINE_METHODS: Partial<Record<Kind, Set<string>>> = {
  'sa.AsyncSession': new Set(SQLA_IO),
  'sa.AsyncConnection': new Set(['execute', 'scalar', 'scalars', 'commit', 'rollback', 'close', 'stream', 'run_sync', 'exec_driver_sql']),
  'sa.AsyncEngine': new Set(['dispose']),
  'httpx.AsyncClient': new Set([...HTTP_VERBS.filter((v) => v !== 'stream'), 'aclose']),
  'apg.Connection': new Set(['execute', 'executemany', 'fetch', 'fetchrow', 'fetchval', 'close', 'copy_from_query', 'copy_to_table', 'copy_records_to_table', 'prepare', 'reload_schema_state']),
  'apg.Pool': new Set(['execute', 'executemany', 'fetch', 'fetchrow', 'fetchval', 'close', 'release', 'expire_connections']),
  'pg.AsyncConnection': new Set(['execute', 'commit', 'rollback', 'close']),
  'pg.AsyncCursor': new Set(['execute', 'executemany', 'fetchone', 'fetchall', 'fetchmany']),
  'databases.Database': new Set(['execute', 'execute_many', 'fetch_all', 'fetch_one', 'fetch_val', 'connect', 'disconnect']),
  'upload': new Set(['read', 'write', 'seek', 'close']),
  'redis.AsyncRedis': new Set(['get', 'set', 'setex', 'delete', 'incr', 'decr', 'expire', 'exists', 'hget', 'hset', 'hgetall', 'lpush', 'rpush', 'publish', 'mget', 'mset', 'close', 'aclose']),
};

/** External functions that return a coroutine. */
export const COROUTINE_FUNCTIONS = new Set([
  'asyncio.sleep', 'asyncio.wait_for', 'asyncio.wait', 'asyncio.to_thread', 'asyncio.open_connection',
  'asyncio.create_subprocess_exec', 'asyncio.create_subprocess_shell', 'anyio.sleep', 'anyio.to_thread.run_sync',
  'starlette.concurrency.run_in_threadpool', 'fastapi.concurrency.run_in_threadpool', 'asyncpg.connect',
  'supabase.acreate_client', 'supabase.create_async_client',
]);

/** Supabase query-builder methods that only build the request (no I/O until execute()). */
export const SUPABASE_QUERY_STARTERS = new Set(['table', 'from_', 'schema', 'rpc']);
/** Supabase storage methods that do I/O. */
export const SUPABASE_STORAGE_IO = new Set(['upload', 'download', 'remove', 'list', 'move', 'copy', 'update', 'create_signed_url', 'create_signed_urls', 'create_signed_upload_url', 'create_bucket', 'delete_bucket', 'empty_bucket', 'get_bucket', 'list_buckets']);
