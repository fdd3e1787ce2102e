/**
 * The code of the worker thread that hosts PGlite. PGlite runs PostgreSQL on the thread that calls
 * it and cannot interrupt a statement (no statement_timeout in WASM), so it lives in a worker that
 * the main thread can terminate when the time budget runs out. It is plain CommonJS run with
 * `eval: true`, so the same code serves the compiled app, the tests and the Docker image.
 *
 * workerData: { pglite, contrib: { name: path }, template: gzipped tar | null, setupSql, trim: sql[], conf, initdb: args }
 * in:  { id, op: 'query' | 'run', sql, params }
 * out: { type: 'ready', engine, template? } | { type: 'fatal', message } | { id, rows, affected } | { id, error }
 */
export const PGLITE_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);
let db;

function toError(err) {
  return { message: String((err && err.message) || err), code: err && err.code, position: err && err.position ? Number(err.position) : undefined, detail: err && err.detail };
}

async function start() {
  const extensions = {};
  for (const [key, path] of Object.entries(workerData.contrib)) extensions[key] = require(path)[key];
  const options = { extensions, postgresqlconf: workerData.conf };
  // Unzipped here, not by PGlite: a damaged file then fails start() (a 'fatal' the server recovers from), never an unhandled rejection.
  if (workerData.template) options.loadDataDir = new Blob([require('node:zlib').gunzipSync(workerData.template)]);
  else options.initDbStartParams = workerData.initdb;
  db = new PGlite(options);
  await db.waitReady;
  const loaded = !!workerData.template;
  // The compressed template and its Blob are not needed once the data directory is in place.
  workerData.template = null;
  options.loadDataDir = undefined;
  let template;
  if (!loaded) {
    await db.exec(workerData.setupSql);
    for (const sql of workerData.trim) await db.exec(sql);
    await db.exec('checkpoint');
    template = new Uint8Array(await (await db.dumpDataDir('gzip')).arrayBuffer());
  }
  const engine = (await db.query("select current_setting('server_version') as v")).rows[0].v;
  parentPort.postMessage({ type: 'ready', engine, template }, template ? [template.buffer] : []);
}

parentPort.on('message', async (msg) => {
  try {
    if (msg.op === 'query') {
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
