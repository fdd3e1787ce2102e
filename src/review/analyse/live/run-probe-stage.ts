import type { AnalyzerContext } from '../shared/analyzer.js';
import type { FindingDraft } from '../../../domain/types.js';
import type { Anchors } from './anchors.js';
import { anchorLine } from './findings.js';
import type { LintScope } from './lints/lint-api.js';
import { POLICIES_SQL } from './lints/policies.js';
import { DEFINER_FUNCTIONS_SQL } from './lints/functions.js';
import { probeDefinerFunctions, type FunctionTarget } from './probes/definer-functions.js';
import { probeTables, type PolicyRow, type ProbeFinding, type ProbeOutcome, type ProbeTarget } from './probes/run-probes.js';
import { textArray } from './probes/table-facts.js';
import type { LiveSession } from './shared/session.js';

const TABLES_SQL = `
select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p') and n.nspname = any($1::text[]) order by 1, 2`;

const ARG_TYPES_SQL = `
select n.nspname as schema, p.proname as name, pg_get_function_identity_arguments(p.oid) as args,
       array(select format_type(t, null) from unnest(p.proargtypes) t) as arg_types
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
 where p.prosecdef and n.nspname = any($1::text[])`;

/**
 * The RLS probes over what changed: exposed tables created or whose policies, grants or RLS
 * changed, and SECURITY DEFINER functions created or changed. Shared by the review (what the pull
 * request changed) and the plan's SQL check (what the plan's migrations changed).
 */
export async function runProbes(params: { session: LiveSession; exposed: readonly string[]; changed: ReadonlySet<string>; checkBudget: () => void; throughParents?: boolean }): Promise<ProbeOutcome> {
  const { session, exposed, changed, checkBudget, throughParents } = params;
  const targets = await probeTargets(session, exposed, changed);
  const definers = (await session.query<Record<string, unknown>>(DEFINER_FUNCTIONS_SQL, [exposed])).rows.filter(
    (f) => f.exposed && textArray(f.roles).includes('authenticated') && changed.has(`func:${f.schema}.${f.name}(${f.args})`),
  );
  const argTypes = (await session.query<Record<string, unknown>>(ARG_TYPES_SQL, [exposed])).rows;
  const functions: FunctionTarget[] = definers.map((f) => ({
    schema: String(f.schema),
    name: String(f.name),
    args: String(f.args),
    argTypes: textArray(argTypes.find((a) => a.schema === f.schema && a.name === f.name && a.args === f.args)?.arg_types),
  }));
  if (!targets.length && !functions.length) return { findings: [], notes: [], probed: 0, checks: [] };
  return probeTables({ session, targets, checkBudget, throughParents, after: (s) => probeDefinerFunctions(s, functions) });
}

/** The review's RLS probes over what the pull request touched, as findings anchored on its statements. */
export async function probeFindings(params: {
  ctx: AnalyzerContext;
  session: LiveSession;
  scope: LintScope;
  changed: ReadonlySet<string>;
  anchors: Anchors;
  checkBudget: () => void;
  engine: string;
}): Promise<{ findings: FindingDraft[]; notes: string[]; probed: number }> {
  const { ctx, session, scope, changed, anchors, checkBudget } = params;
  const outcome = await runProbes({ session, exposed: scope.exposed, changed, checkBudget });
  const linesOf = new Map(ctx.changeSet.files.map((f) => [f.path, f.lines]));
  const findings: FindingDraft[] = [];
  for (const probe of outcome.findings) {
    const stmt = anchorOf(probe, anchors);
    if (!stmt) continue;
    findings.push({
      path: stmt.path,
      line: anchorLine(stmt, linesOf.get(stmt.path)),
      category: probe.rule.category,
      severity: probe.rule.severity,
      rule: probe.rule.id,
      title: probe.rule.title,
      message: probe.message,
      source: 'live',
    });
  }
  return { findings, notes: outcome.notes, probed: outcome.probed };
}

/**
 * The exposed tables to probe: the ones created or changed (`rel:` keys), or whose policies changed,
 * with their policies as the catalog holds them.
 */
export async function probeTargets(session: LiveSession, exposed: readonly string[], changed: ReadonlySet<string>): Promise<ProbeTarget[]> {
  const policies = (await session.query<Record<string, unknown>>(POLICIES_SQL, [exposed])).rows;
  const tables = (await session.query<{ schema: string; name: string }>(TABLES_SQL, [exposed])).rows;
  const targets: ProbeTarget[] = [];
  for (const t of tables) {
    const own = policies.filter((p) => p.schema === t.schema && p.tbl === t.name);
    const touched = changed.has(`rel:${t.schema}.${t.name}`) || own.some((p) => changed.has(`policy:${t.schema}.${t.name}.${p.name}`));
    if (touched) targets.push({ schema: t.schema, name: t.name, policies: own.map(toPolicy) });
  }
  return targets;
}

function anchorOf(probe: ProbeFinding, anchors: Anchors) {
  for (const key of probe.keys) {
    const stmt = anchors(key);
    if (stmt) return stmt;
  }
  return undefined;
}

function toPolicy(row: Record<string, unknown>): PolicyRow {
  return { name: String(row.name), cmd: String(row.cmd), permissive: row.permissive === true, roles: textArray(row.roles), qual: String(row.qual ?? ''), chk: String(row.chk ?? '') };
}
