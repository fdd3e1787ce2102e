import { replay } from '../../review/analyse/static/sql/model/replay.js';
import type { SqlRuleContext } from '../../review/analyse/static/sql/rules/support/rule-api.js';
import { SQL_RULES } from '../../review/analyse/static/sql/rules/registry.js';
import { buildStatements } from '../../review/analyse/static/sql/statements/build-statements.js';
import { fileSource } from '../../review/analyse/static/sql/source/sql-source.js';
import type { ReplayedSchema } from '../../triage/grounding/replay-schema.js';
import type { PlanMigrationSource, SqlFinding } from '../../triage/plan/sql-check.js';

/**
 * Reviews a plan's migrations the way a pull request adding them would be reviewed: the
 * repository's migrations replayed first, the plan's after them as the changed files, then every
 * SQL rule on the plan's statements. Findings come back per migration path, with lines of its SQL.
 * The planning kit carries it (`sqlReview`), so triage/ reaches the SQL rules through this root only.
 */
export function reviewPlanSql(schema: ReplayedSchema, migrations: readonly PlanMigrationSource[]): Map<string, SqlFinding[]> {
  const planSources = migrations.map((m) => fileSource(m.path, m.sql, m.transaction));
  const added = new Map(planSources.map((s) => [s.path, new Set(Array.from({ length: s.text.split('\n').length }, (_, i) => i + 1))]));
  const built = buildStatements({ parser: schema.parser, sources: [...schema.sources, ...planSources], added });
  const model = replay(built.statements, []);
  const exposed = new Set(schema.exposedSchemas);
  const ctx: SqlRuleContext = {
    model,
    changed: built.statements.filter((s) => s.changed),
    exposed: (name) => schema.supabase && exposed.has(name),
    pgMajor: schema.pgMajor,
    parser: schema.parser,
  };
  const out = new Map<string, SqlFinding[]>(migrations.map((m) => [m.path, []]));
  for (const rule of SQL_RULES) {
    for (const report of rule.check(ctx)) {
      const list = out.get(report.stmt.path);
      if (!list) continue;
      const line = report.stmt.line;
      if (list.some((f) => f.rule === rule.meta.id && f.line === line)) continue;
      list.push({ rule: rule.meta.id, severity: report.severity ?? rule.meta.severity, title: report.title ?? rule.meta.title, line });
    }
  }
  return out;
}
