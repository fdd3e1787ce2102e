import type { Analyzer, AnalyzerContext, AnalyzerResult } from '../shared/analyzer.js';
import type { FindingDraft, Note } from '../../../domain/types.js';
import { BudgetExceeded, createLiveRunner, LiveRunFailed, type LiveRunner, type LiveRunnerOptions } from './live-runner.js';
import { baseSnapshot } from './base-snapshot.js';
import { changedKeys, snapshotCatalog } from './catalog-snapshot.js';
import { createAnchors } from './anchors.js';
import { failureFinding } from './findings.js';
import { lintFindings } from './run-lints.js';
import { probeFindings } from './run-probe-stage.js';
import { replayMigrations, type ReplayResult } from './replay.js';
import { loadMigrations, type Migration } from './statements.js';
import { readProjectScope } from './project-scope.js';
import { missingRelation, tablesMadeOutsideMigrations } from './outside-schema.js';
import type { PythonClientRoles } from '../static/support/key-usage.js';

export type LiveAnalyzerOptions = LiveRunnerOptions;

/** What the live stage learns from the Python engine (handed over by the wiring): the role a Python Supabase query runs as. */
export interface LiveStageHelp {
  pythonClientRoles?: PythonClientRoles;
}

export { BudgetExceeded };

/**
 * The live database stage: replays the base branch's migrations and then the pull request's into a
 * scratch database of a real PostgreSQL, reports statements PostgreSQL refuses, runs the catalog
 * lints over what the pull request created or changed, and probes row level security as two users.
 * `runner` is the engine, concurrency limit and time budget; the plan's SQL check shares them.
 */
export function createLiveAnalyzer(options: LiveAnalyzerOptions | LiveRunner, help: LiveStageHelp = {}): Analyzer & { close(): Promise<void>; runner: LiveRunner } {
  const runner = 'run' in options ? options : createLiveRunner(options);
  return {
    name: 'live-db',
    kind: 'live',
    runner,
    async run(ctx) {
      if (ctx.settings.live_db === 'off') return { findings: [], status: 'skipped', detail: 'live database stage off (live_db: off)' };
      const migrationsChanged = ctx.changeSet.files.some((f) => f.kind === 'sql' || f.kind === 'alembic');
      if (!migrationsChanged) return { findings: [], status: 'skipped', detail: 'no SQL or migration changed' };
      return runStage(ctx, runner, help);
    },
    close: () => runner.close(),
  };
}

async function runStage(ctx: AnalyzerContext, runner: LiveRunner, help: LiveStageHelp): Promise<AnalyzerResult> {
  const notes: Note[] = [];
  const findings: FindingDraft[] = [];
  const problems: string[] = [];
  try {
    return await runner.run(async (run) => {
      const { session, engine, checkBudget } = run;
      const unread: string[] = [];
      const head = await loadMigrations({ repo: ctx.repo, changed: ctx.changeSet.files, notes, unread });
      const base = baseSnapshot(ctx.repo, ctx.changeSet);
      const baseMigrations = await loadMigrations({ repo: base, changed: [], notes: [] });
      if (base.unknown.length) problems.push(`the base version of ${base.unknown.join(', ')} is unknown (no patch), so base and head were compared as far as known`);
      const shared = commonPrefix(baseMigrations, head);
      run.stage = 'replaying the migrations';
      const prefix = await replayMigrations(session, head.slice(0, shared), checkBudget);
      let baseRest: ReplayResult = { failures: [], skipped: [], statements: 0, unknown: prefix.unknown };
      const baseCatalog = await session.rolledBack(async () => {
        baseRest = await replayMigrations(session, baseMigrations.slice(shared), checkBudget, prefix.unknown);
        return snapshotCatalog(session);
      });
      const headRest = await replayMigrations(session, head.slice(shared), checkBudget, prefix.unknown);
      const headCatalog = await snapshotCatalog(session);
      const outside = await tablesMadeOutsideMigrations(ctx.repo, head, [...prefix.failures, ...headRest.failures]);
      reportReplay({ ctx, engine, prefix, baseRest, headRest, findings, problems, notes, outside, unread });
      const changed = changedKeys(baseCatalog, headCatalog);
      const anchors = createAnchors(head.flatMap((m) => m.statements));
      const scope = await readProjectScope(ctx, head, notes);
      run.stage = 'running the catalog lints';
      findings.push(...(await lintFindings({ ctx, session, scope, changed, anchors, checkBudget, pythonClientRoles: help.pythonClientRoles })));
      let probedTables = 0;
      if (scope.supabase) {
        run.stage = 'probing row level security';
        const probed = await probeFindings({ ctx, session, scope, changed, anchors, checkBudget, engine });
        findings.push(...probed.findings);
        notes.push(...probed.notes.map((message) => ({ message })));
        probedTables = probed.probed;
      }
      ctx.log.debug({ engine, statements: prefix.statements + headRest.statements, changed: changed.size, findings: findings.length }, 'live database stage done');
      const probes = probedTables ? `, RLS probed on ${probedTables} table${probedTables === 1 ? '' : 's'} as two users` : '';
      const summary = `${engine}, ${head.length} migration${head.length === 1 ? '' : 's'} replayed${probes}`;
      return { findings, notes, status: problems.length ? 'partial' : 'ok', detail: problems.length ? `live database stage incomplete: ${problems.join('; ')}` : summary } satisfies AnalyzerResult;
    });
  } catch (err) {
    const failed = err instanceof LiveRunFailed ? err : new LiveRunFailed(`the live database stage failed: ${(err as Error).message}`, 'running');
    ctx.log.warn({ err: failed.cause ?? err, stage: failed.stage }, 'live database stage did not finish');
    return { findings, notes, status: findings.length ? 'partial' : 'failed', detail: `live database stage did not finish: ${failed.reason}` };
  }
}

/** How many migrations base and head share from the start (same file, same text): replayed once for both. */
function commonPrefix(base: readonly Migration[], head: readonly Migration[]): number {
  let i = 0;
  while (i < base.length && i < head.length && base[i].path === head[i].path && base[i].text === head[i].text) i++;
  return i;
}

/**
 * Failures of the pull request's migrations are findings. A failure the base branch has as well is
 * not the PR's doing: a note. The stage is partial only when it could not do its work (the base
 * version of a file is unknown, the schema is made outside the migrations).
 */
/** SQLSTATEs of a missing table, type, column, function or schema: what a failure earlier leaves behind. */
const MISSING_OBJECT = new Set(['42P01', '42704', '42703', '42883', '3F000']);

function reportReplay(params: {
  ctx: AnalyzerContext;
  engine: string;
  prefix: ReplayResult;
  baseRest: ReplayResult;
  headRest: ReplayResult;
  findings: FindingDraft[];
  problems: string[];
  notes: Note[];
  /** Tables the models declare and no migration creates: the schema is made outside migrations. */
  outside: ReadonlySet<string>;
  /** Migration files the stage could not read: the replay runs without what they make. */
  unread: readonly string[];
}): void {
  const { ctx, engine, prefix, baseRest, headRest, findings, problems, notes, outside, unread } = params;
  const linesOf = new Map(ctx.changeSet.files.map((f) => [f.path, f.lines]));
  const inBase = new Set(baseRest.failures.map((f) => `${f.stmt.path}\0${f.stmt.sql}`));
  // A deploy stops at the first failure: a later statement that then misses an object (a table, a
  // type, a column that never got made) fails because of it, and is counted on it, not reported.
  // A migration it could not read (a 37,000-line baseline over the read budget) made what later ones use: a statement
  // that misses an object is not shown to be broken.
  let earlier = unread.length > 0 || prefix.failures.length > 0 || [...prefix.skipped, ...baseRest.skipped, ...headRest.skipped].some((s) => s.gap);
  if (unread.length) {
    notes.push({ message: `live database: ${unread.length} migration file(s) could not be read (${unread.slice(0, 3).join(', ')}${unread.length > 3 ? ', ...' : ''}); a statement that misses an object one of them may make is not reported` });
  }
  let root: FindingDraft | undefined;
  let consequences = 0;
  for (const failure of headRest.failures) {
    const old = inBase.has(`${failure.stmt.path}\0${failure.stmt.sql}`);
    const assumed = missingRelation(failure);
    if (!earlier && assumed && outside.has(assumed)) {
      // Not the migration's bug: the project creates this table from its models, never by a migration.
      problems.push(
        `${failure.stmt.path}:${failure.stmt.line} uses table \`${assumed}\`, which no migration creates but the models declare ` +
          '(the schema is made outside the migrations, e.g. `create_all` then `alembic stamp`), so they cannot be replayed from an empty database',
      );
      earlier = true;
      continue;
    }
    if (earlier && MISSING_OBJECT.has(failure.error.code ?? '')) {
      if (root) consequences++;
      continue;
    }
    earlier = true;
    if (old) continue;
    const finding = failureFinding({ failure, lines: linesOf.get(failure.stmt.path), engine });
    findings.push(finding);
    root ??= finding;
  }
  if (root && consequences) {
    root.message += ` ${consequences} later migration statement${consequences > 1 ? 's' : ''} then failed on objects that were never made.`;
  }
  // A statement the base branch already fails on is the project's history, not something the review could not
  // analyse: the replay undid it alone and went on, as above. Said in a note; it does not make the review incomplete.
  const old = [...prefix.failures, ...headRest.failures.filter((f) => inBase.has(`${f.stmt.path}\0${f.stmt.sql}`))];
  for (const f of old) {
    notes.push({ path: f.stmt.path, line: f.stmt.line, message: `live database: ${f.stmt.path}:${f.stmt.line} fails on ${engine} before this pull request too (${f.error.message}); later statements that miss what it would have made are not reported` });
  }
  for (const s of [...prefix.skipped, ...headRest.skipped]) notes.push({ path: s.stmt.path, line: s.stmt.line, message: `live database: ${s.stmt.path}:${s.stmt.line} was not replayed: ${s.reason}` });
}
