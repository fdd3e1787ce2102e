import { PGlite } from '@electric-sql/pglite';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const mem = () => Math.round(process.memoryUsage().rss/1e6);
const mod = await WebAssembly.compile(await readFile(require.resolve('@electric-sql/pglite/pglite.wasm')));
const fsBundle = new Blob([await readFile(require.resolve('@electric-sql/pglite/pglite.data'))]);
if (process.argv[2] === 'make') {
  const db = new PGlite({ pgliteWasmModule: mod, fsBundle, initDbStartParams: ['--wal-segsize=1'] });
  await db.exec('checkpoint');
  const d = await db.dumpDataDir('none');
  await writeFile('/tmp/pgl-dump.tar', Buffer.from(await d.arrayBuffer()));
  process.exit(0);
}
console.log('base rss', mem());
const dump = new Blob([await readFile('/tmp/pgl-dump.tar')]);
let t = performance.now();
const conf = process.argv[2] === 'small' ? { postgresqlconf: ['shared_buffers=8MB', 'wal_buffers=1MB', 'work_mem=1MB', 'maintenance_work_mem=4MB'] } : {};
const db = new PGlite({ pgliteWasmModule: mod, fsBundle, loadDataDir: dump, ...conf });
await db.waitReady;
console.log('load', Math.round(performance.now()-t), 'ms rss', mem());
await db.exec('begin');
t = performance.now();
for (let i=0;i<50;i++) await db.exec(`savepoint a; create table tt${i}(id bigint generated always as identity primary key, owner uuid not null, body text); release a; savepoint a; alter table tt${i} enable row level security; release a; savepoint a; create policy p on tt${i} for select using (owner = gen_random_uuid()); release a; savepoint a; create index on tt${i}(owner); release a`);
console.log('50x4 stmts', Math.round(performance.now()-t), 'ms rss', mem());
await db.exec('rollback');
global.gc?.();
const h = process.memoryUsage(); console.log(Object.fromEntries(Object.entries(h).map(([k,v])=>[k,Math.round(v/1e6)])));
