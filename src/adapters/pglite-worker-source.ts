/**
 * The code of the worker thread that hosts PGlite. PGlite runs PostgreSQL on the thread that calls
 * it and cannot interrupt a statement (no statement_timeout in WASM), so it lives in a worker that
 * the main thread can terminate when the time budget runs out. It is plain CommonJS run with
 * `eval: true`, so the same code serves the compiled app, the tests and the Docker image.
 *
 * Memory: the data directory is a folder on disk (PGlite's NODEFS), not arrays in this thread's
 * heap: the template is unpacked into it file by file. Contrib extensions are unpacked as plain
 * files; PostgreSQL compiles a library when a migration first loads it, where PGlite's own loading
 * compiles every bundle's library at start (40 MB for the 17 below). And a worker's heap is
 * collected after start and after every scratch: V8 lets up to 64 MB of dead buffers wait for a
 * collection otherwise.
 *
 * workerData: { pglite, contrib: { name: path }, dataDir, template: gzipped tar | null, setupSql, trim: sql[], conf, initdb: args }
 * in:  { id, op: 'query' | 'run', sql, params } | { id, op: 'collect' }
 * out: { type: 'ready', engine, template? } | { type: 'fatal', message } | { id, rows, affected } | { id, error }
 */
export const PGLITE_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { PGlite } = require(workerData.pglite);
let db;

// Not exposed without --expose-gc: the flag is read when a context is created, so a fresh context has it.
require('node:v8').setFlagsFromString('--expose-gc');
const collect = require('node:vm').runInNewContext('gc');

function toError(err) {
  return { message: String((err && err.message) || err), code: err && err.code, position: err && err.position ? Number(err.position) : undefined, detail: err && err.detail };
}

/** The entries of a ustar archive (PGlite's dumps and bundles): regular files and folders, anything else refused. */
function untar(tar, onEntry) {
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) return;
    const field = (from, to) => {
      const bytes = header.subarray(from, to);
      const end = bytes.indexOf(0);
      return Buffer.from(end < 0 ? bytes : bytes.subarray(0, end)).toString('utf8');
    };
    const size = parseInt(field(124, 136).trim() || '0', 8);
    const type = header[156] === 0 ? '0' : String.fromCharCode(header[156]);
    const prefix = field(257, 263).startsWith('ustar') ? field(345, 500) : '';
    const name = (prefix ? prefix + '/' : '') + field(0, 100);
    if (!Number.isFinite(size) || at + 512 + size > tar.length) throw new Error('a truncated archive (at ' + name + ')');
    if (type !== '0' && type !== '5') throw new Error('an archive entry of type ' + type + ' (' + name + ') is not supported');
    onEntry(name, type === '5', tar.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
}

/** Unpacks a gzipped archive below root; a name that leaves root fails the start. */
function unpack(gzipped, root, mkdir, write) {
  untar(zlib.gunzipSync(gzipped), (name, isDir, data) => {
    const target = path.posix.join(root, name.replace(/^\/+/, ''));
    if (target !== root && !target.startsWith(root + '/')) throw new Error('an archive entry outside its folder: ' + name);
    if (isDir) return mkdir(target);
    mkdir(path.posix.dirname(target));
    write(target, data);
  });
}

async function start() {
  const extensions = {};
  const bundles = [];
  for (const [key, file] of Object.entries(workerData.contrib)) {
    const extension = require(file)[key];
    // An extension that is only files (every contrib one) is unpacked below; one that sets PGlite up goes through PGlite.
    const setup = await extension.setup(undefined, {});
    if (setup && setup.bundlePath && Object.keys(setup).length === 1) bundles.push(setup.bundlePath);
    else extensions[key] = extension;
  }
  const options = { extensions, postgresqlconf: workerData.conf };
  const loaded = !!workerData.template;
  if (loaded) {
    const root = path.resolve(workerData.dataDir);
    unpack(workerData.template, root, (dir) => fs.mkdirSync(dir, { recursive: true, mode: 0o700 }), (file, data) => fs.writeFileSync(file, data, { mode: 0o600 }));
  } else options.initDbStartParams = workerData.initdb;
  // The compressed template is not needed once the data directory is in place.
  workerData.template = null;
  db = new PGlite(workerData.dataDir, options);
  await db.waitReady;
  const FS = db.mod.FS;
  for (const bundle of bundles) unpack(fs.readFileSync(bundle), '/pglite', (dir) => FS.mkdirTree(dir), (file, data) => FS.writeFile(file, data));
  let template;
  if (!loaded) {
    await db.exec(workerData.setupSql);
    for (const sql of workerData.trim) await db.exec(sql);
    await db.exec('checkpoint');
    template = new Uint8Array(await (await db.dumpDataDir('gzip')).arrayBuffer());
  }
  const engine = (await db.query("select current_setting('server_version') as v")).rows[0].v;
  collect();
  parentPort.postMessage({ type: 'ready', engine, template }, template ? [template.buffer] : []);
}

parentPort.on('message', async (msg) => {
  try {
    if (msg.op === 'collect') {
      collect();
      parentPort.postMessage({ id: msg.id, rows: [], affected: 0 });
    } else if (msg.op === 'query') {
      const r = await db.query(msg.sql, msg.params || []);
      parentPort.postMessage({ id: msg.id, rows: r.rows, affected: r.affectedRows || 0 });
    } else {
      const results = await db.exec(msg.sql);
      const last = results[results.length - 1];
      parentPort.postMessage({ id: msg.id, rows: last ? last.rows : [], affected: last ? last.affectedRows || 0 : 0 });
    }
  } catch (err) {
    parentPort.postMessage({ id: msg.id, error: toError(err) });
  }
});

start().catch((err) => parentPort.postMessage({ type: 'fatal', message: String((err && err.stack) || err) }));
`;
