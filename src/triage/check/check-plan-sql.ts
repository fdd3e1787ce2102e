import { loadPgParser } from '../../review/analyse/static/parsers/pg-parser.js';
import type { Log } from '../../domain/logger.js';
import type { ReplayedSchema } from '../grounding/replay-schema.js';
import type { RepoGrounding } from '../grounding/types.js';
import { migrationTransaction } from '../checklist/migration-files.js';
import type { Plan } from '../plan/plan-tool.js';
import type { LivePlanVerdict, PlanSqlProbe, ReviewPlanSql, SqlCheck } from '../plan/sql-check.js';
import { createdTables, parseBlock, relationsOf, type Parsed } from './sql-names.js';

/** Tables that exist in every Supabase project, whatever the migrations say. */
const PLATFORM_TABLES = new Set(['auth.users', 'auth.identities', 'auth.sessions', 'storage.objects', 'storage.buckets']);

/**
 * Checks every SQL block of a plan before it is shown. Each block goes through the PostgreSQL
 * parser; a block that does not parse is taken out of the plan and replaced by the parser's
 * error, so a plan never shows SQL that does not parse. Blocks that parse are checked for tables
 * that exist nowhere, and the migrations are reviewed by the SQL rules (`review`, from the planning
 * kit) on top of the replayed schema. When a live database stage is plugged in, it applies the migrations and probes their RLS.
 */
export async function checkPlanSql(params: {
  plan: Plan;
  grounding: RepoGrounding | null;
  schema: ReplayedSchema | null;
  /** The live stage, or why it is off (`live_db: off`). */
  probe?: PlanSqlProbe | string;
  review?: ReviewPlanSql;
  log: Log;
  signal?: AbortSignal;
}): Promise<Plan> {
  const { plan, grounding, schema, log } = params;
  const parser = schema?.parser ?? (await loadPgParser());
  const parse = (sql: string) => parseBlock((s) => parser.parse(s), sql);
  const migrations = plan.migrations.map((m) => ({ m, parsed: parse(m.sql) }));
  const steps = plan.steps.map((s) => ({ s, parsed: s.sql?.trim() ? parse(s.sql) : null }));
  const all = [...migrations.map((x) => x.parsed), ...steps.map((x) => x.parsed)].filter((p): p is Extract<Parsed, { ok: true }> => !!p?.ok);
  const created = new Set(all.flatMap((p) => createdTables(p.tree)));
  const known = new Set([...(grounding?.tables ?? []).map((t) => t.key), ...(schema ? [...schema.model.tables.values()].filter((t) => !t.dropped && t.kind !== 'external').map((t) => t.name.key) : []), ...PLATFORM_TABLES, ...created]);
  const checkOf = (parsed: Parsed): SqlCheck =>
    parsed.ok
      ? { parses: true, statements: parsed.statements, unknownTables: grounding ? relationsOf(parsed.tree).filter((t) => !known.has(t)) : [], findings: [], reviewed: false }
      : { parses: false, error: parsed.error, statements: 0, unknownTables: [], findings: [], reviewed: false };

  const checked: Plan = {
    ...plan,
    migrations: migrations.map(({ m, parsed }) => ({ ...m, sql: parsed.ok ? m.sql : '', check: checkOf(parsed) })),
    steps: steps.map(({ s, parsed }) => (parsed ? { ...s, sql: parsed.ok ? s.sql : undefined, check: checkOf(parsed) } : s)),
  };
  const good = checked.migrations.filter((m) => m.check?.parses);
  if (params.review && schema && grounding && good.length) {
    try {
      const sources = good.map((m) => ({ path: m.path, sql: m.sql, transaction: migrationTransaction(grounding.layout, m.sql) }));
      const findings = params.review(schema, sources);
      for (const m of good) m.check = { ...m.check!, findings: findings.get(m.path) ?? [], reviewed: true };
    } catch (err) {
      log.warn({ err }, 'plan SQL: the rule review failed; the plan shows the parser check only');
    }
  }
  if (checked.migrations.length || checked.steps.some((x) => x.check?.parses)) checked.live = await checkLive({ checked, schema, grounding, probe: params.probe, signal: params.signal });
  const failed = [...checked.migrations, ...checked.steps].filter((x) => x.check && !x.check.parses).length;
  if (failed) log.warn({ failed }, 'plan SQL that does not parse was left out of the plan');
  return checked;
}


/**
 * Applies the plan's migrations and prepares its steps' queries in the live stage's scratch database,
 * when the stage is installed and every migration parses, and writes each block's verdict beside
 * its parser check. Says why when it did not run: a plan never claims more than was checked.
 */
async function checkLive(params: { checked: Plan; schema: ReplayedSchema | null; grounding: RepoGrounding | null; probe?: PlanSqlProbe | string; signal?: AbortSignal }): Promise<LivePlanVerdict> {
  const { checked, schema, grounding, probe } = params;
  if (typeof probe === 'string' || !probe) return { kind: 'off', reason: probe || 'no live database stage is installed here' };
  if (!schema || !grounding) return { kind: 'unavailable', reason: "the repository's migrations were not replayed for this plan" };
  if (!schema.sources.length && grounding.tables.length) return { kind: 'unavailable', reason: "the repository has no migrations to replay (its tables come from the ORM models)" };
  const bad = checked.migrations.findIndex((m) => !m.check?.parses);
  if (bad >= 0) return { kind: 'unavailable', reason: `migration ${bad + 1} of this plan does not parse, so the plan's migrations were not applied` };
  const steps = checked.steps.filter((s) => s.check?.parses && s.sql?.trim());
  const result = await probe
    .probe({
      migrations: schema.sources,
      scope: { supabase: schema.supabase, exposed: schema.exposedSchemas },
      plan: checked.migrations.map((m) => ({ path: m.path, sql: m.sql, transaction: migrationTransaction(grounding.layout, m.sql) })),
      queries: steps.map((s) => s.sql!),
      signal: params.signal,
    })
    .catch((err: Error) => ({ plan: { kind: 'unavailable' as const, reason: err.message }, migrations: [], queries: [] }));
  if (result.plan.kind === 'ran') {
    checked.migrations.forEach((m, i) => (m.check = { ...m.check!, live: result.migrations[i] }));
    steps.forEach((s, i) => (s.check = { ...s.check!, live: result.queries[i] }));
  }
  return result.plan;
}
