import { loadPgParser } from '../../review/analyse/static/parsers/pg-parser.js';
import { fileSource } from '../../review/analyse/static/sql/source/sql-source.js';
import { changedKeys, snapshotCatalog } from '../../review/analyse/live/catalog-snapshot.js';
import { LiveRunFailed, type LiveRun, type LiveRunner } from '../../review/analyse/live/live-runner.js';
import { replayMigrations } from '../../review/analyse/live/replay.js';
import { runProbes } from '../../review/analyse/live/run-probe-stage.js';
import { migrationsOf } from '../../review/analyse/live/statements.js';
import type { LiveBlockVerdict, LivePlanResult, LiveTableProbe, PlanSqlProbe } from '../../triage/plan/sql-check.js';
import { prepareQuery } from './plan-prepare-query.js';
import { refusedStatement } from '../../triage/check/unsafe-sql.js';

type Params = Parameters<PlanSqlProbe['probe']>[0];

/**
 * The plan's SQL check on the review's live stage (same engine, concurrency limit and time budget):
 * in a scratch database, always dropped, the repository's migrations are replayed as the review
 * replays them, the plan's migrations are applied one by one as their tool would, the RLS of every
 * exposed table they create or change is probed as user B against user A's rows and as anon, and
 * each step's query is prepared on the resulting schema. Only SQL the plan generator or the model
 * wrote runs, never text from the issue.
 */
export function createLivePlanProbe(runner: LiveRunner): PlanSqlProbe {
  return {
    async probe(params) {
      if (params.signal?.aborted) return unavailable('the plan job was cancelled');
      try {
        // The plan job waits for a slot at most one time budget, then runs within one: bounded either way.
        return await runner.run((run) => checkOnScratch(run, params), { maxWaitMs: runner.budgetMs });
      } catch (err) {
        return unavailable(err instanceof LiveRunFailed ? err.reason : (err as Error).message);
      }
    },
  };
}

/** A plan probe that never runs, saying why (`--no-live-db`, no engine here). */
export function livePlanProbeOff(reason: string): PlanSqlProbe {
  return { probe: async () => ({ plan: { kind: 'off', reason }, migrations: [], queries: [] }) };
}

const unavailable = (reason: string): LivePlanResult => ({ plan: { kind: 'unavailable', reason }, migrations: [], queries: [] });

async function checkOnScratch(run: LiveRun, params: Params): Promise<LivePlanResult> {
  const { session, checkBudget } = run;
  const parser = await loadPgParser();
  run.stage = "replaying the repository's migrations";
  const repo = migrationsOf({ parser, sources: params.migrations });
  const replayed = await replayMigrations(session, repo, checkBudget);
  // What the repository's replay could not follow stays unknown for the plan's migrations too.
  let unknown = replayed.unknown;
  const problems = replayed.failures.map((f) => `${f.stmt.path}:${f.stmt.line} (${f.error.message})`);

  run.stage = "applying the plan's migrations";
  const migrations: LiveBlockVerdict[] = [];
  const touched: Set<string>[] = [];
  // Set once a migration fails or is refused: a deploy stops there, and so does the check.
  let stopped: string | undefined;
  for (const [i, block] of params.plan.entries()) {
    if (stopped) {
      migrations.push({ kind: 'not run', reason: stopped });
      continue;
    }
    const refused = refusedStatement(parser, block.sql);
    if (refused) {
      stopped = `migration ${i + 1} of this plan was not run`;
      migrations.push({ kind: 'not run', reason: `the live check never runs ${refused}` });
      continue;
    }
    const before = await snapshotCatalog(session);
    const [migration] = migrationsOf({ parser, sources: [fileSource(block.path, block.sql, block.transaction)] });
    const result = await replayMigrations(session, migration ? [migration] : [], checkBudget, unknown);
    unknown = result.unknown;
    const failure = result.failures[0];
    if (failure) {
      stopped = `migration ${i + 1} of this plan fails`;
      const more = failure.followers ? ` (${failure.followers} later statement${failure.followers > 1 ? 's' : ''} of it failed too)` : '';
      migrations.push({ kind: 'failed', error: `${failure.error.message}${more}`, line: failure.stmt.line });
      continue;
    }
    touched.push(changedKeys(before, await snapshotCatalog(session)));
    migrations.push({ kind: 'applied', tables: [], leaks: [], notes: result.skipped.map((s) => `line ${s.stmt.line} was not applied: ${s.reason}`) });
  }

  const probed = !stopped && params.scope.supabase && params.scope.exposed.length > 0;
  const unprobed = stopped ? `RLS not probed: ${stopped}` : probed ? undefined : "RLS not probed: the project is not served by Supabase's Data API";
  if (unprobed) {
    for (const m of migrations) if (m.kind === 'applied') m.notes.push(unprobed);
  } else if (touched.length) {
    run.stage = 'probing row level security';
    await probeBlocks({ run, exposed: params.scope.exposed, touched, migrations });
  }

  run.stage = "preparing the steps' queries";
  const queries: LiveBlockVerdict[] = [];
  for (const sql of params.queries) {
    checkBudget();
    const refused = stopped ? undefined : refusedStatement(parser, sql);
    if (stopped) queries.push({ kind: 'not run', reason: stopped });
    else if (refused) queries.push({ kind: 'not run', reason: `the live check never runs ${refused}` });
    else queries.push(await prepareQuery({ session, parser, sql }));
  }
  return { plan: { kind: 'ran', engine: run.engine, migrations: repo.length, probed, problems }, migrations, queries };
}

/** Probes every exposed table the plan's migrations changed, once, and gives its result to the last migration that touched it. */
async function probeBlocks(params: { run: LiveRun; exposed: readonly string[]; touched: Set<string>[]; migrations: LiveBlockVerdict[] }): Promise<void> {
  const { run, exposed, touched, migrations } = params;
  const changed = new Set(touched.flatMap((keys) => [...keys]));
  // A new table is often owned through its parent (homeworks.student_id -> students.user_id): probe those as two users too.
  const outcome = await runProbes({ session: run.session, exposed, changed, checkBudget: run.checkBudget, throughParents: true });
  const tables = new Map<string, LiveTableProbe>();
  for (const check of outcome.checks) {
    const entry = tables.get(check.table) ?? { table: check.table, checks: [], leaks: [] };
    entry.checks.push({ as: check.as, action: check.action, leaked: check.leaked });
    if (check.through) entry.through = check.through;
    tables.set(check.table, entry);
  }
  for (const finding of outcome.findings) {
    const rel = finding.keys.find((k) => k.startsWith('rel:'))?.slice(4);
    const entry = rel ? tables.get(rel) : undefined;
    if (entry) entry.leaks.push(finding.message);
  }
  // Every migration applied when the probes run, so touched[i] belongs to migrations[i].
  const lastTouching = (has: (keys: Set<string>) => boolean) => {
    for (let i = touched.length - 1; i >= 0; i--) if (has(touched[i])) return migrations[i];
    return migrations[migrations.length - 1];
  };
  for (const entry of tables.values()) {
    const m = lastTouching((keys) => keys.has(`rel:${entry.table}`) || [...keys].some((k) => k.startsWith(`policy:${entry.table}.`)));
    if (m?.kind === 'applied') m.tables.push(entry);
  }
  for (const finding of outcome.findings.filter((f) => !f.keys.some((k) => k.startsWith('rel:')))) {
    const m = lastTouching((keys) => finding.keys.some((k) => keys.has(k)));
    if (m?.kind === 'applied') m.leaks.push(`${finding.rule.title}: ${finding.message}`);
  }
  const first = migrations[0];
  if (first?.kind === 'applied') first.notes.push(...outcome.notes);
}
