import type { AnalyzerContext, AnalyzerResult } from '../../shared/analyzer.js';
import type { FindingDraft, Note } from '../../../../domain/types.js';
import type { RuleMeta } from '../shared/rule.js';
import { replay } from './model/replay.js';
import { resolveDeferred, type Reported } from './resolve-deferred.js';
import { isInternalError } from './shared/internal-error.js';
import { loadPgParser } from '../parsers/pg-parser.js';
import type { SqlRuleContext } from './rules/support/rule-api.js';
import { SQL_RULES } from './rules/registry.js';
import { buildStatements } from './statements/build-statements.js';
import { loadMigrationSources } from './statements/load-sources.js';
import { alembicPaths, sqlMigrationPaths, supabaseConfigPath } from './source/migration-paths.js';
import type { SqlSource } from './source/sql-source.js';
import { readSupabaseConfig } from './supabase-config.js';
import { toFinding } from './to-finding.js';
import { supersededBy } from './superseded.js';
import { findKeyUsage, findTableUse, type KeyCandidate, type PythonClientRoles } from '../support/key-usage.js';
import { policylessTables } from './rules/rls/rls-enabled-no-policy.js';
import { keyCandidate, unindexedKeys } from './rules/query/unindexed-foreign-key.js';
import { policyTables } from './rules/query/rls-initplan-auth-call.js';

export const sqlRules: RuleMeta[] = SQL_RULES.map((r) => r.meta);

/**
 * What the SQL engine learns from the Python one, handed over by the static registry (the engines never import
 * each other): without it, a Python Supabase query is taken for a client's.
 */
export interface SqlEngineHelp {
  /** The role each Python Supabase query of a table runs as (the service role's, another). */
  pythonClientRoles?: PythonClientRoles;
}

/**
 * The SQL half of the static engine: replays every migration of the repository into a model of the
 * final schema, runs the rules over it, and reports on the lines the pull request added.
 */
export async function analyseSql(ctx: AnalyzerContext, help: SqlEngineHelp = {}): Promise<AnalyzerResult> {
  const changed = ctx.changeSet.files.filter((f) => (f.kind === 'sql' || f.kind === 'alembic') && f.content !== null);
  // Nothing to review is a complete review, not a skipped one.
  if (!changed.length) return { findings: [], status: 'ok' };
  const started = Date.now();
  const notes: Note[] = [];
  const parser = await loadPgParser();
  const paths = await ctx.repo.listPaths();
  const loaded = await loadMigrationSources({ repo: ctx.repo, paths, changed });
  notes.push(...loaded.notes);
  const added = new Map(changed.map((f) => [f.path, f.lines.added]));
  const built = buildStatements({ parser, sources: loaded.sources, added });
  notes.push(...condenseNotes(built.notes, new Set(changed.map((f) => f.path))));
  const model = replay(built.statements, notes);

  const configPath = supabaseConfigPath(paths);
  const config = readSupabaseConfig(configPath ? await ctx.repo.readText(configPath) : null, notes);
  const supabase = config.present || paths.some((p) => /(^|\/)supabase\//.test(p)) || mentionsSupabase(loaded.sources);
  const exposed = new Set(config.exposedSchemas);
  const ruleCtx: SqlRuleContext = {
    model,
    changed: built.statements.filter((s) => s.changed),
    exposed: (schema) => supabase && exposed.has(schema),
    pgMajor: config.pgMajor ?? 15,
    parser,
  };
  if (ctx.settings.rules?.['unindexed-foreign-key'] !== 'off') {
    const candidates = unindexedKeys(ruleCtx).map(({ table, fk }) => keyCandidate(model, table, fk)).filter((c): c is KeyCandidate => !!c);
    ruleCtx.keyUsage = await findKeyUsage(ctx.repo, candidates);
  }
  // Who queries a table decides two questions: whether a policy-less table is the lock-down the app wants, and
  // whether a policy's per-row cost is ever paid (only queries through the Data API evaluate it).
  const policyless = ctx.settings.rules?.['rls-enabled-no-policy'] !== 'off' ? policylessTables(ruleCtx) : [];
  const tuned = ctx.settings.rules?.['rls-initplan-auth-call'] !== 'off' ? policyTables(ruleCtx) : [];
  const asked = [...new Set([...policyless.map((t) => t.name.name), ...tuned])];
  if (asked.length) ruleCtx.tableUse = await findTableUse(ctx.repo, asked, help.pythonClientRoles);
  // Every migration of the repository is new here: no database with rows receives them (see SqlRule.onExistingRows).
  const migrations = [...sqlMigrationPaths(paths), ...alembicPaths(paths)];
  const newFiles = new Set(changed.filter((f) => f.status === 'added').map((f) => f.path));
  const fresh = migrations.length > 0 && migrations.every((p) => newFiles.has(p));
  const { findings, failedRules, unborn } = runRules({ ctx, ruleCtx, notes, fresh });
  if (unborn) {
    notes.push({
      message: `Every migration of the repository is new in this change, so no database with data receives them: ${unborn} lock or table-rewrite risk${unborn > 1 ? 's are' : ' is'} not reported.`,
    });
  }
  ctx.log.debug({ statements: built.statements.length, findings: findings.length, ms: Date.now() - started }, 'sql analysis done');
  // A file an internal error cost makes the review incomplete, never clean.
  const incomplete = failedRules > 0 || notes.some(isInternalError);
  return { findings, status: incomplete ? 'partial' : 'ok', notes };
}

function runRules(params: { ctx: AnalyzerContext; ruleCtx: SqlRuleContext; notes: Note[]; fresh: boolean }): { findings: FindingDraft[]; failedRules: number; unborn: number } {
  const { ctx, ruleCtx, notes, fresh } = params;
  let unborn = 0;
  const linesOf = new Map(ctx.changeSet.files.map((f) => [f.path, f.lines]));
  const reported: Reported[] = [];
  let failedRules = 0;
  for (const rule of SQL_RULES) {
    if (ctx.settings.rules?.[rule.meta.id] === 'off') continue;
    let reports;
    try {
      reports = rule.check(ruleCtx);
    } catch (err) {
      failedRules++;
      notes.push({ message: `SQL rule ${rule.meta.id} failed and was skipped: ${(err as Error).message}` });
      continue;
    }
    if (fresh && rule.onExistingRows) {
      unborn += reports.length;
      continue;
    }
    for (const report of reports) {
      if (!rule.atDeploy && supersededBy(ruleCtx.model, report.stmt)) continue;
      const finding = toFinding({ rule, report, lines: linesOf.get(report.stmt.path) });
      if (finding) reported.push({ rule, report, finding });
    }
  }
  const byAnchor = new Map<string, FindingDraft>();
  for (const finding of resolveDeferred(reported)) {
    // One comment per rule and line: several problems of one statement share it.
    const key = `${finding.path}:${finding.line}:${finding.rule}`;
    const same = byAnchor.get(key);
    if (same) {
      if (!same.message.includes(finding.message)) same.message += `\n\n${finding.message}`;
    } else byAnchor.set(key, finding);
  }
  return { findings: [...byAnchor.values()], failedRules, unborn };
}

/**
 * What could not be parsed or translated in migrations the pull request did not touch, as one
 * note: it makes the model less complete (those tables count as unknown), but the author has
 * nothing to do about it. Internal errors stay itemised: they make the review incomplete.
 */
function condenseNotes(notes: Note[], changed: ReadonlySet<string>): Note[] {
  const kept: Note[] = [];
  const files = new Set<string>();
  let count = 0;
  for (const note of notes) {
    if (!note.path || changed.has(note.path) || isInternalError(note)) kept.push(note);
    else {
      count++;
      files.add(note.path);
    }
  }
  if (count) {
    kept.push({
      message:
        `${count} statement${count === 1 ? '' : 's'} or operation${count === 1 ? '' : 's'} in ${files.size} unchanged migration ` +
        `file${files.size === 1 ? '' : 's'} could not be read; the tables they touch are treated as unknown, never as missing an index or a policy`,
    });
  }
  return kept;
}

/** A repository without a supabase/ folder is still a Supabase project when its SQL uses auth.* or the API roles. */
function mentionsSupabase(sources: readonly SqlSource[]): boolean {
  return sources.some((s) => /\bauth\.(uid|jwt|role|users)\b|\bto\s+(anon|authenticated)\b/i.test(s.text));
}

