import type { Analyzer } from '../../review/analyse/shared/analyzer.js';
import { createLiveAnalyzer } from '../../review/analyse/live/live-analyzer.js';
import { createLiveServer } from '../../adapters/live-database-env.js';
import { pythonClientRoles } from '../../review/analyse/static/python/table-clients.js';
import { createLivePlanProbe, livePlanProbeOff } from './live-plan-probe.js';
import type { PlanSqlProbe } from '../../triage/plan/sql-check.js';

export interface LiveStageParams {
  env: NodeJS.ProcessEnv;
  /** `--database-url`: a server for this run, over DATABASE_URL. */
  databaseUrl?: string;
  /** `--no-live-db`: the stage is listed but never runs. */
  offReason?: string;
}

/** The review's live stage, and the plan's SQL check on the same engine, concurrency limit and time budget. */
export type LiveStage = Analyzer & { close(): Promise<void>; planProbe: PlanSqlProbe };

/**
 * The live database stage from the environment: DATABASE_URL (or --database-url) picks a real
 * server, LIVE_DB_TIMEOUT_MS its time budget (120 s, start-up included) and LIVE_DB_CONCURRENCY how
 * many reviews (and plans) may hold a scratch database at once (1).
 */
export function createLiveStageFromEnv(params: LiveStageParams): LiveStage {
  const { env, offReason } = params;
  if (offReason) {
    return { name: 'live-db', kind: 'live', run: async () => ({ findings: [], status: 'skipped', detail: `live database stage off: ${offReason}` }), close: async () => undefined, planProbe: livePlanProbeOff(offReason) };
  }
  const url = params.databaseUrl || env.DATABASE_URL || undefined;
  const analyzer = createLiveAnalyzer(
    {
      server: () => createLiveServer(url),
      budgetMs: positive(env.LIVE_DB_TIMEOUT_MS) ?? 120_000,
      concurrency: positive(env.LIVE_DB_CONCURRENCY) ?? 1,
    },
    // The lints ask the Python engine which role a Python Supabase query runs as.
    { pythonClientRoles },
  );
  return Object.assign(analyzer, { planProbe: createLivePlanProbe(analyzer.runner) });
}

function positive(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
