import type { SchemaModel, SqlStatement, Table } from '../../model/types.js';
import type { SqlReport, SqlRule, SqlRuleContext } from '../support/rule-api.js';
import { apiRolesWithAccess, knownTables } from '../support/access.js';
import { lastChanged } from '../support/anchors.js';
import { code } from '../support/format.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

/** Comments that say the table is meant for the backend only, where deny-all is the point. */
const BACKEND_ONLY = new RegExp(
  [
    'service[_ -]?role|service key|backend[- ]only|server[- ]side only|only (the )?(backend|server)',
    'no (client|api) access|deny[- ]all|not (exposed|accessible) (to|through|via)|\\binternal\\b',
    '(written|populated|filled|maintained) (only )?by (a |the )?(trigger|function|worker|cron|job|backend|server)',
  ].join('|'),
  'i',
);

/** The tables with RLS on, no policy, and API roles granted: the rule's candidates. */
export function policylessTables(ctx: SqlRuleContext): Table[] {
  return knownTables(ctx).filter((t) => t.rls && t.policies.size === 0 && apiRolesWithAccess(ctx, t.name.schema, t.grants).length > 0);
}

export const rlsEnabledNoPolicy: SqlRule = {
  meta: ruleMeta('rls-enabled-no-policy'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const table of policylessTables(ctx)) {
      const stmt = anchor(ctx.model, table);
      if (!stmt || saysBackendOnly(table, stmt) || isLockdown(ctx.model, stmt) || BACKEND_TABLE.test(table.name.name)) continue;
      // Deny-all is a defect only for a client that runs as anon or authenticated. When every use the repository shows
      // runs as a role RLS does not hold back (an ORM model or the app's own SQL on a direct connection, a Python
      // Supabase client built with the service-role key) and nothing else queries it, it is the lock-down the app wants.
      // No use found (a SQL-only repository, a table the code does not use yet) proves nothing: reported.
      if (ctx.tableUse?.(table.name.name) === 'server') continue;
      reports.push({
        stmt,
        message:
          `Row level security is enabled on ${code(table.name.key)} but no policy is created, so clients using the ` +
          `anon key or a user session can neither read nor write it. Add policies for what the app does (for example ` +
          `owner-scoped select/insert/delete using \`(select auth.uid()) = user_id\`), or revoke the table from anon ` +
          `and authenticated if only the service role uses it.`,
      });
    }
    return reports;
  },
};

/** The changed ENABLE statement, else the changed CREATE TABLE, else a changed DROP POLICY on it. */
function anchor(model: SchemaModel, table: Table): SqlStatement | undefined {
  const enable = lastChanged(table.rlsChangedBy);
  if (enable) return enable;
  if (table.created?.changed) return table.created;
  return model.statements.find((s) => s.changed && s.tag === 'DropStmt' && model.targets.get(s.id) === table);
}

function saysBackendOnly(table: Table, stmt: SqlStatement): boolean {
  return [stmt, table.created].some((s) => !!s && BACKEND_ONLY.test(s.preamble));
}

/** Tables a backend keeps for itself: events, logs and queues it writes, secrets it holds. */
const BACKEND_TABLE = /(^|_)(webhook|webhooks|audit|audits|logs?|events_raw|jobs?|queue|queues|outbox|inbox|cache|creds|credentials|secrets?|migrations?|schema_version|locks?|idempotency)(_|$)/i;

/**
 * A migration that turns RLS on across several tables at once (a lock-down, or a `db pull` dump):
 * the tables it leaves without a policy are closed on purpose, for the service role alone.
 */
function isLockdown(model: SchemaModel, stmt: SqlStatement): boolean {
  const enabling = model.statements.filter((s) => s.path === stmt.path && /enable\s+row\s+level\s+security/i.test(s.source.text.slice(s.start, s.end)));
  return new Set(enabling.map((s) => model.targets.get(s.id))).size >= 3;
}
