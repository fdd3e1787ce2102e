#!/usr/bin/env node
// Measures the SQL review against Supabase's own database linter (splinter): its test suite,
// read from a local checkout and converted at run time into review cases (nothing of it is copied
// into this repository).
//
//   npm run build && node scripts/splinter-recall.mjs SPLINTER_DIR [--static-only] [--json OUT]
//
// Each test file (test/sql/NNNN_name.sql) is a script of DDL with `select * from lint."NNNN_name"`
// checkpoints, and test/expected/NNNN_name.out holds how many rows each checkpoint returned. The
// statements that are in effect at a checkpoint (savepoints rolled back are undone) become one new
// Supabase migration of a pull request on an empty repository; `set local pgrst.db_schemas`, the
// schemas the Data API serves as the lints read them, becomes its supabase/config.toml. A checkpoint of the file's own lint
// that returned rows is a positive case: it is found when the review (static engine and live
// database stage, merged) reports the rule of the same meaning. A checkpoint that returned nothing
// after some DDL is a negative case: reporting that rule there is a false positive.
// DATABASE_URL runs the live stage on a server instead of the embedded PostgreSQL.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createStaticAnalyzer } from '../dist/review/analyse/static/index.js';
import { createLiveAnalyzer } from '../dist/review/analyse/live/live-analyzer.js';
import { createLiveServer } from '../dist/adapters/live-database-env.js';
import { parseCommentableLines } from '../dist/review/collect/parse-patch.js';
import { memorySnapshot } from '../dist/review/memory-snapshot.js';
import { splitStatements } from '../dist/review/analyse/static/sql/source/split-statements.js';
import { defaultSettings } from '../dist/config/repo-config.js';
import { silentLog } from '../dist/domain/logger.js';

/**
 * splinter's lints and the rule of the same meaning here; the others have no rule here (yet). A lint
 * whose cases this repository reads as several defects maps to each rule of that meaning (an array):
 * a case is found when any of them is reported. 0024 counts a `for insert` policy without WITH CHECK
 * as "always true", but PostgreSQL admits no row through it: rls-insert-policy-without-check reports it.
 */
const RULE_OF = {
  '0001_unindexed_foreign_keys': 'unindexed-foreign-key',
  '0002_auth_users_exposed': 'auth-users-exposed',
  '0003_auth_rls_initplan': 'rls-initplan-auth-call',
  '0004_no_primary_key': 'table-without-key',
  '0006_multiple_permissive_policies': 'multiple-permissive-policies',
  '0007_policy_exists_rls_disabled': 'policy-exists-rls-disabled',
  '0008_rls_enabled_no_policy': 'rls-enabled-no-policy',
  '0009_duplicate_index': 'duplicate-index',
  '0010_security_definer_view': 'security-definer-view',
  '0011_function_search_path_mutable': 'function-search-path-mutable',
  '0013_rls_disabled_in_public': 'rls-disabled-on-exposed-table',
  '0014_extension_in_public': 'extension-in-public',
  '0015_rls_references_user_metadata': 'rls-policy-references-user-metadata',
  // Over RLS-protected tables security-definer-view reports a materialized view (its message says so).
  '0016_materialized_view_in_api': ['materialized-view-in-api', 'security-definer-view'],
  '0017_foreign_table_in_api': 'foreign-table-in-api',
  // A table without RLS is reported either way; the lint's own claim is that the message names its sensitive columns (MESSAGE_OF).
  '0023_sensitive_columns_exposed': 'rls-disabled-on-exposed-table',
  '0018_unsupported_reg_types': 'unsupported-reg-type',
  // A Supabase Queues table without RLS while pgmq_public is served (the message names the queue).
  '0019_insecure_queue_exposed_in_api': 'rls-disabled-on-exposed-table',
  '0021_fkey_to_auth_unique': 'fkey-to-auth-unique',
  '0024_rls_policy_always_true': ['rls-policy-always-true', 'rls-insert-policy-without-check'],
  '0025_public_bucket_allows_listing': 'storage-public-bucket-listable',
  '0028_anon_security_definer_function_executable': 'security-definer-function-exposed',
  '0029_authenticated_security_definer_function_executable': 'security-definer-function-exposed',
};

/**
 * Lints that name one API role where the rule here covers both: a finding counts for the lint only
 * when the role is among those it says can call the function (the static and the live message
 * each list them before "can call it" / "execute"), so 0028 scores anon and 0029 authenticated.
 */
const ROLE_OF = {
  '0028_anon_security_definer_function_executable': 'anon',
  '0029_authenticated_security_definer_function_executable': 'authenticated',
};

/** Lints whose claim is narrower than the rule's: a finding counts only when its message says it. */
const MESSAGE_OF = {
  // "every row, including `password` and `ssn`": the sensitive columns the table exposes.
  '0023_sensitive_columns_exposed': /\bincluding `[^`]+`/,
  '0019_insecure_queue_exposed_in_api': /\bqueue table\b/,
};

function rolesNamed(message) {
  const m = /schema and (.+?) can call it/.exec(message) ?? /lets (.+?) execute SECURITY DEFINER/.exec(message);
  return m ? m[1].split(/,\s*|\s+and\s+/) : [];
}

/** The rules of a lint's meaning, as a list. */
const rulesOf = (lint) => [RULE_OF[lint]].flat();

/** True when a finding is the lint's own: a rule of the same meaning, and the lint's role when it names one. */
function hits(findings, lint) {
  const role = ROLE_OF[lint];
  const rules = rulesOf(lint);
  const said = MESSAGE_OF[lint];
  return findings.some((f) => rules.includes(f.rule) && (!role || rolesNamed(f.message).includes(role)) && (!said || said.test(f.message)));
}

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--json');
const staticOnly = args.includes('--static-only');
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
if (!dir) {
  console.error('usage: node scripts/splinter-recall.mjs SPLINTER_DIR [--static-only] [--json OUT]');
  process.exit(2);
}

/** Rows found at each lint checkpoint, in order, from a psql expected-output file (`select count(*)` reads its value). */
function expectedCounts(out) {
  const counts = [];
  let waiting = false;
  let counting = false;
  let value;
  for (const line of out.split('\n')) {
    if (/\blint\."\d{4}_\w+"/.test(line)) {
      waiting = true;
      value = undefined;
    }
    if (/select\s+count\(\*\)/i.test(line)) counting = true;
    if (waiting && counting && /^\s*\d+\s*$/.test(line)) value = Number(line.trim());
    const m = /^\((\d+) rows?\)$/.exec(line.trim());
    if (m && waiting) {
      counts.push(counting ? (value ?? 0) : Number(m[1]));
      waiting = false;
      counting = false;
    }
  }
  return counts;
}

/** The cases of one test file: the DDL in effect at each checkpoint of its own lint. */
function casesOf(name, sql, out) {
  const counts = expectedCounts(out);
  const cases = [];
  let stmts = [];
  // `set local pgrst.db_schemas = '...'`: the schemas the Data API serves, as supabase/config.toml says them.
  let exposed;
  const savepoints = new Map();
  let checkpoint = 0;
  for (const [start, end] of splitStatements(sql)) {
    const text = sql.slice(start, end).trim().replace(/;$/, '');
    const bare = text.replace(/--[^\n]*\n/g, '').trim();
    if (!bare) continue;
    const lower = bare.toLowerCase();
    const lint = /\blint\."(\d{4}_\w+)"/.exec(bare);
    if (lint) {
      const rows = counts[checkpoint++];
      if (lint[1] === name && rows !== undefined && stmts.length) cases.push({ lint: name, index: checkpoint, positive: rows > 0, rows, exposed, sql: `${stmts.join(';\n\n')};\n` });
      continue;
    }
    let m;
    if (/^(begin|start transaction)\b/.test(lower) || /^(rollback|commit|end)\s*$/.test(lower)) {
      stmts = [];
      exposed = undefined;
      savepoints.clear();
    } else if ((m = /^savepoint\s+(\w+)/.exec(lower))) savepoints.set(m[1], { length: stmts.length, exposed });
    else if ((m = /^rollback\s+to\s+(?:savepoint\s+)?(\w+)/.exec(lower))) {
      const at = savepoints.get(m[1]);
      stmts = stmts.slice(0, at?.length ?? 0);
      exposed = at?.exposed;
    } else if ((m = /^set\s+(?:local\s+)?pgrst\.db_schemas\s*(?:=|to)\s*'([^']*)'/.exec(lower))) exposed = m[1].split(',').map((x) => x.trim()).filter(Boolean);
    else if (/^(release|set|reset|select|show|explain|analyze|vacuum)\b/.test(lower)) continue;
    else stmts.push(bare);
  }
  return cases;
}

/** supabase/config.toml serving `exposed` through the Data API. */
const apiConfig = (exposed) => `[api]\nschemas = [${exposed.map((x) => JSON.stringify(x)).join(', ')}]\n`;

function newMigration(path, text, exposed) {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const patch = `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}`;
  return {
    changeSet: {
      owner: 'splinter', repo: 'cases', number: 1, title: 'splinter case', body: '',
      baseSha: '0'.repeat(40), headSha: '1'.repeat(40),
      files: [{ path, status: 'added', kind: 'sql', patch, lines: parseCommentableLines(patch), content: text }],
      skipped: [], totalFiles: 1, truncated: false,
    },
    repo: memorySnapshot({ [path]: text, ...(exposed ? { 'supabase/config.toml': apiConfig(exposed) } : {}) }),
  };
}

const testDir = join(dir, 'test', 'sql');
const files = readdirSync(testDir).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();
const staticAnalyzer = createStaticAnalyzer();
const server = staticOnly ? undefined : createLiveServer(process.env.DATABASE_URL || undefined);
const live = server ? createLiveAnalyzer({ server: () => server, budgetMs: 300_000, concurrency: 1 }) : undefined;
const results = [];
const uncovered = [];
try {
  for (const file of files) {
    const name = file.replace(/\.sql$/, '');
    const rule = RULE_OF[name];
    const cases = casesOf(name, readFileSync(join(testDir, file), 'utf8'), readFileSync(join(dir, 'test', 'expected', `${name}.out`), 'utf8'));
    if (!rule) {
      uncovered.push(`${name} (${cases.filter((c) => c.positive).length} positive)`);
      continue;
    }
    for (const c of cases) {
      const { changeSet, repo } = newMigration('supabase/migrations/20250101000000_splinter_case.sql', c.sql, c.exposed);
      const input = { changeSet, repo, settings: defaultSettings(), log: silentLog, previous: [] };
      const staticResult = await staticAnalyzer.run(input);
      const liveResult = live ? await live.run(input) : { findings: [], status: 'skipped' };
      const staticHit = hits(staticResult.findings, c.lint);
      const liveHit = hits(liveResult.findings, c.lint);
      const reported = [...staticResult.findings, ...liveResult.findings].filter((f) => rulesOf(c.lint).includes(f.rule)).map((f) => `${f.source}: ${f.message}`);
      results.push({ ...c, rule, staticHit, liveHit, liveStatus: liveResult.status, liveDetail: liveResult.detail, reported });
    }
  }
} finally {
  await server?.close();
}

console.log(`splinter cases from ${dir} (${staticOnly ? 'static engine only' : `static engine + live stage on ${server ? await Promise.resolve('the ' + (process.env.DATABASE_URL ? 'server' : 'embedded PostgreSQL')) : ''}`})`);
console.log('lint | rule | positive | static recall | merged recall | negatives | false positives');
const byLint = Map.groupBy ? Map.groupBy(results, (r) => r.lint) : results.reduce((m, r) => m.set(r.lint, [...(m.get(r.lint) ?? []), r]), new Map());
let minRecall = 1;
let pos = 0, posHit = 0, posStatic = 0, neg = 0, fp = 0;
for (const [lint, rs] of byLint) {
  const positives = rs.filter((r) => r.positive);
  const negatives = rs.filter((r) => !r.positive);
  const s = positives.filter((r) => r.staticHit).length;
  const h = positives.filter((r) => r.staticHit || r.liveHit).length;
  const f = negatives.filter((r) => r.staticHit || r.liveHit).length;
  pos += positives.length; posHit += h; posStatic += s; neg += negatives.length; fp += f;
  const recall = positives.length ? h / positives.length : 1;
  minRecall = Math.min(minRecall, recall);
  console.log(`${lint} | ${rulesOf(lint).join(' or ')} | ${positives.length} | ${positives.length ? (s / positives.length).toFixed(2) : '-'} | ${positives.length ? recall.toFixed(2) : '-'} | ${negatives.length} | ${f}`);
  for (const r of positives.filter((r) => !(r.staticHit || r.liveHit))) console.log(`  missed checkpoint ${r.index} (live ${r.liveStatus}${r.liveDetail ? `: ${r.liveDetail}` : ''})`);
  for (const r of negatives.filter((r) => r.staticHit || r.liveHit)) console.log(`  false positive at checkpoint ${r.index} (${r.staticHit ? 'static' : ''}${r.liveHit ? ' live' : ''})`);
}
console.log(`overall: ${posHit}/${pos} positives found (recall ${(posHit / pos).toFixed(3)}; static alone ${(posStatic / pos).toFixed(3)}), lowest per-lint recall ${minRecall.toFixed(2)}; ${fp} of ${neg} negatives reported`);
console.log(`no rule here: ${uncovered.join(', ')}`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 2));
