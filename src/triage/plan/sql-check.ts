import type { SqlSource } from '../../review/analyse/static/sql/source/sql-source.js';
import type { Severity } from '../../domain/types.js';
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
 * (src/app/wiring/review-plan-sql.ts) and carried by the planning kit.
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
  /** What the live database stage made of it, when it ran. */
  live?: LiveBlockVerdict;
}

/** The RLS probes that ran on one table a migration created or changed. */
export interface LiveTableProbe {
  /** "public.notes". */
  table: string;
  /** Who tried what; `leaked` when it got through where ownership should have stopped it. */
  checks: { as: 'user B' | 'anon'; action: 'read' | 'update' | 'delete' | 'insert' | 'reassign'; leaked: boolean }[];
  /** PostgreSQL's evidence for each probe that got through: as whom, the statement, what it did. */
  leaks: string[];
  /** When the table has no owner column: how its rows belong to a user ("student_id -> public.students.user_id"). */
  through?: string;
}

/**
 * One SQL block applied in a scratch database after the repository's migrations (and, for a step's
 * query, after the plan's migrations): it applied, with the probes of the tables it touched; or
 * PostgreSQL refused it; or it was not run, and why.
 */
export type LiveBlockVerdict =
  | {
      kind: 'applied';
      tables: LiveTableProbe[];
      /** Other probes that got through (a SECURITY DEFINER function returning user A's data), with the evidence. */
      leaks: string[];
      notes: string[];
    }
  | { kind: 'prepared' }
  | { kind: 'failed'; error: string; line?: number }
  | { kind: 'not run'; reason: string };

/** The live check of the whole plan: which engine ran it, or why it did not run. */
export type LivePlanVerdict =
  | { kind: 'ran'; engine: string; migrations: number; probed: boolean; problems: string[] }
  | { kind: 'off'; reason: string }
  | { kind: 'unavailable'; reason: string };

export interface LivePlanResult {
  plan: LivePlanVerdict;
  /** One per plan migration, in order (empty unless the plan verdict is `ran`). */
  migrations: LiveBlockVerdict[];
  /** One per step query, in order. */
  queries: LiveBlockVerdict[];
}

/**
 * The live database stage, as the plan check needs it: in a scratch database that is always
 * dropped, replay the repository's migrations, apply the plan's migrations in order, probe the RLS
 * of the tables they create or change as two users and as anon, and prepare the steps' queries on
 * the schema that leaves. Built on the review's live stage (src/review/analyse/live).
 */
export interface PlanSqlProbe {
  probe(params: {
    /** The repository's migrations as the review loads them, in the order their tool applies them. */
    migrations: readonly SqlSource[];
    /** Whether the project is served by Supabase's Data API, and the schemas it exposes. */
    scope: { supabase: boolean; exposed: readonly string[] };
    /** The plan's migrations, in order. */
    plan: readonly { path: string; sql: string; transaction: SqlSource['transaction'] }[];
    /** The SQL of the plan's steps (queries the code will run), in order. */
    queries: readonly string[];
    signal?: AbortSignal;
  }): Promise<LivePlanResult>;
}
