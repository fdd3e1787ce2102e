import type { SqlSource } from '../../review/analyse/static/sql/source/sql-source.js';
import type { Severity } from '../../review/types.js';
import type { ReplayedSchema } from '../grounding/replay-schema.js';

/**
 * What the plan's SQL check found about one SQL block. The parser verdict is always there; the
 * rest only when the SQL parses: tables it names that neither the repository nor the plan makes,
 * what the review's SQL rules say about it once replayed after the repository's migrations, and,
 * where a live database stage is installed, whether it applied and how its RLS held up.
 */
export interface SqlFinding {
  rule: string;
  severity: Severity;
  title: string;
  /** Line within the block. */
  line: number;
}

/** One migration of a plan, as the SQL rules review it. */
export interface PlanMigrationSource {
  path: string;
  sql: string;
  transaction: SqlSource['transaction'];
}

/**
 * The review's SQL rules, as the plan check needs them: the plan's migrations replayed after the
 * repository's, then reviewed; findings per migration path. Built by the composition root
 * (src/app/review-plan-sql.ts) and carried by the planning kit.
 */
export type ReviewPlanSql = (schema: ReplayedSchema, migrations: readonly PlanMigrationSource[]) => Map<string, SqlFinding[]>;

export interface SqlCheck {
  parses: boolean;
  /** The parser's message, with the line in the block, when it does not parse. */
  error?: string;
  statements: number;
  /** Tables the SQL reads, writes or alters that are neither in the repository nor created by the plan. */
  unknownTables: string[];
  /** The SQL rules' findings on these statements (migrations only). */
  findings: SqlFinding[];
  /** Set when the rule review ran on top of the replayed migrations. */
  reviewed: boolean;
}

/** One RLS probe the live stage ran: as whom, what it tried, whether ownership stopped it. */
export interface LiveProbeResult {
  table: string;
  as: 'anon' | 'other user';
  action: 'select' | 'insert' | 'update' | 'delete';
  /** True when the probe got through where ownership should have stopped it. */
  leaked: boolean;
  evidence: string;
}

export type LiveVerdict =
  | { kind: 'applied'; probes: LiveProbeResult[] }
  | { kind: 'failed'; error: string; line?: number }
  | { kind: 'unavailable'; reason: string };

/**
 * The live database stage, as the plan check needs it: apply SQL after the repository's
 * migrations in a scratch database, then probe the RLS of `tables` as two users and as anon.
 * Implemented by src/review/analyse/live (issue 13); plans work without it.
 */
export interface PlanSqlProbe {
  probe(params: {
    /** The repository's migrations, in the order their tool applies them. */
    migrations: readonly { path: string; text: string }[];
    /** The plan's migrations, in order. */
    plan: readonly { path: string; sql: string }[];
    /** Tables the plan creates or whose policies it changes: the ones to probe. */
    tables: readonly string[];
    signal?: AbortSignal;
  }): Promise<LiveVerdict>;
}
