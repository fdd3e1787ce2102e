#!/usr/bin/env node
// Sweeps every migration of one or more checked-out repositories through the SQL engine, as if a
// pull request had added all of them, and prints what real code costs it: files, statements,
// internal errors, operations it could not translate, findings per rule, time.
//
//   npm run build && node scripts/sweep-sql.mjs [--json OUT] [--each N] DIR...
//
// --each N also reviews each of the last N migrations (in replay order) alone, as the pull request
// that added it, with every other migration in the base: the lock and rewrite rules then judge
// tables that already existed, as they do on a real pull request.
//
// A DIR is a plain directory tree (e.g. `git archive HEAD | tar -x -C DIR`). Nothing is copied out
// of it; --json writes the notes and findings for reading them in their code.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { analyseSql } from '../dist/review/analyse/static/sql/index.js';
import { classifyPath, skipReasonForPath } from '../dist/review/collect/classify-file.js';
import { memorySnapshot } from '../dist/review/memory-snapshot.js';
import { orderAlembicRevisions, sqlMigrationPaths } from '../dist/review/analyse/static/sql/source/migration-paths.js';
import { defaultSettings } from '../dist/config/repo-config.js';

const INTERNAL = 'not analysed: internal error';

async function listFiles(root) {
  const out = [];
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop();
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git' && entry.name !== 'node_modules') stack.push(full);
      } else if (entry.isFile()) out.push(relative(root, full));
    }
  }
  return out.sort();
}

function allLines(text) {
  const n = text.split('\n').length;
  return new Set(Array.from({ length: n }, (_, i) => i + 1));
}

async function readMigrations(dir) {
  const paths = (await listFiles(dir)).filter((p) => !skipReasonForPath(p));
  const files = {};
  const migrations = [];
  for (const path of paths) {
    const kind = classifyPath(path);
    if (kind !== 'sql' && kind !== 'alembic' && kind !== 'supabase-config') continue;
    const text = await readFile(join(dir, path), 'utf8');
    files[path] = text;
    if (kind === 'supabase-config') continue;
    const lines = allLines(text);
    migrations.push({ path, status: 'added', kind, patch: '', lines: { right: lines, left: new Set(), added: lines }, content: text });
  }
  return { paths, files, migrations };
}

/** The migrations in replay order: SQL by filename, then Alembic along its revision chain. */
function replayOrder(migrations) {
  const byPath = new Map(migrations.map((m) => [m.path, m]));
  const sql = sqlMigrationPaths(migrations.map((m) => m.path));
  const alembic = orderAlembicRevisions(migrations.filter((m) => m.kind === 'alembic').map((m) => ({ path: m.path, text: m.content })));
  return [...sql, ...alembic].map((p) => byPath.get(p)).filter(Boolean);
}

async function sweep(dir, each) {
  const { paths, files, migrations } = await readMigrations(dir);
  const result = await review({ dir, paths, files, changed: migrations });
  if (each) {
    result.each = [];
    for (const m of replayOrder(migrations).slice(-each)) {
      const r = await review({ dir, paths, files, changed: [m] });
      if (r.crash) console.log(`  CRASH reviewing ${m.path} alone: ${r.crash}`);
      result.each.push({ path: m.path, findings: r.findings, notes: [...r.internalErrors, ...r.untranslated, ...r.unparsed].filter((n) => n.path), ms: r.ms });
    }
  }
  return result;
}

async function review({ dir, paths, files, changed }) {
  const debug = [];
  const log = {
    debug: (obj) => debug.push(obj),
    info() {},
    warn() {},
    error() {},
    child() {
      return log;
    },
  };
  const changeSet = {
    owner: 'sweep', repo: dir, title: 'sweep', body: '', baseSha: '0'.repeat(40), headSha: '1'.repeat(40),
    files: changed, skipped: [], totalFiles: changed.length, truncated: false,
  };
  const repo = memorySnapshot(files);
  // The snapshot lists every path of the tree so project detection sees what a review would.
  repo.listPaths = async () => paths;
  const started = Date.now();
  let result;
  let crash;
  try {
    result = await analyseSql({ changeSet, repo, settings: defaultSettings(), log, previous: [] });
  } catch (err) {
    crash = err instanceof Error ? err.stack : String(err);
  }
  const ms = Date.now() - started;
  const notes = result?.notes ?? [];
  const statements = debug.find((d) => typeof d?.statements === 'number')?.statements ?? 0;
  const byRule = {};
  for (const f of result?.findings ?? []) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  return {
    dir,
    files: changed.length,
    alembic: changed.filter((f) => f.kind === 'alembic').length,
    sql: changed.filter((f) => f.kind === 'sql').length,
    statements,
    status: result?.status ?? 'crashed',
    crash,
    internalErrors: notes.filter((n) => n.message.startsWith(INTERNAL)),
    untranslated: notes.filter((n) => /not translated/.test(n.message)),
    unparsed: notes.filter((n) => /was not analysed/.test(n.message)),
    otherNotes: notes.filter((n) => !n.message.startsWith(INTERNAL) && !/not translated|was not analysed/.test(n.message)),
    byRule,
    findings: result?.findings ?? [],
    ms,
  };
}

const args = process.argv.slice(2);
let jsonOut;
let each = 0;
const dirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--json') jsonOut = args[++i];
  else if (args[i] === '--each') each = Number(args[++i]);
  else dirs.push(args[i]);
}
if (!dirs.length) {
  console.error('usage: node scripts/sweep-sql.mjs [--json OUT] [--each N] DIR...');
  process.exit(2);
}
const results = [];
for (const dir of dirs) {
  const r = await sweep(dir, each);
  results.push(r);
  console.log(
    `${dir}: files=${r.files} (alembic=${r.alembic} sql=${r.sql}) statements=${r.statements} status=${r.status} ` +
      `internal_errors=${r.internalErrors.length} untranslated_noted=${r.untranslated.length} unparsed=${r.unparsed.length} ` +
      `other_notes=${r.otherNotes.length} findings=${r.findings.length} ${JSON.stringify(r.byRule)} ${r.ms}ms`,
  );
  if (r.crash) console.log(`  CRASH ${r.crash}`);
  for (const n of r.internalErrors.slice(0, 5)) console.log(`  INTERNAL ${n.path}:${n.line ?? ''} ${n.message}`);
  for (const e of r.each ?? []) {
    for (const f of e.findings) console.log(`  EACH ${f.path}:${f.line} ${f.rule} ${f.message.slice(0, 120)}`);
    for (const n of e.notes) console.log(`  EACH-NOTE ${n.path ?? ''}:${n.line ?? ''} ${n.message.slice(0, 140)}`);
  }
}
const total = (k) => results.reduce((s, r) => s + (Array.isArray(r[k]) ? r[k].length : r[k]), 0);
console.log(
  `total: projects=${results.length} files=${total('files')} statements=${total('statements')} crashed=${results.filter((r) => r.crash).length} ` +
    `internal_errors=${total('internalErrors')} untranslated_noted=${total('untranslated')} unparsed=${total('unparsed')} ` +
    `findings=${total('findings')} time=${total('ms')}ms`,
);
if (jsonOut) await writeFile(jsonOut, JSON.stringify(results, null, 1));
