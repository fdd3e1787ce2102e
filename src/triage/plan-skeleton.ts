import type { Area, IssueType } from './classify-issue.js';
import type { PlanGrounding } from './plan-grounding.js';
import type { Plan } from './plan-tool.js';
import { pickFiles, type FileHints } from './pick-files.js';
import { describeRules } from './rule-refs.js';
import { plural } from '../review/render/markdown.js';
import { entityOf, endpointStep, migrationStep, modelsStep, policySql, rlsStep, serviceStep, testsStep, type Entity, type Step } from './skeleton-steps.js';

/**
 * The deterministic plan: the checklist a senior engineer follows for this type of issue and
 * these areas, with files from the repository tree. It is what the reply shows without an API
 * key, or when the model fails, so it never depends on a model.
 */
const QUESTIONS: Record<IssueType, string[]> = {
  feature: [
    'Who may read and write the new data: only its owner, a team, or every signed-in user?',
    'How many rows per user do you expect, and which filters and sort orders do the lists need?',
    'Must existing rows or clients keep working unchanged (backfill, API versioning)?',
  ],
  bug: ['Which endpoint, request and user reproduce it, and what did you expect instead?', 'Since which release or commit does it happen?', 'Is there a traceback or a log line for a failing request?'],
  performance: ['Which endpoint and which query are slow, at what row counts and timings (p50 / p95)?', 'Is there an EXPLAIN (ANALYZE, BUFFERS) of the slow query?', 'What latency is the target?'],
  security: ['Is it exploitable in production now, and since which release?', 'Which callers are affected: anon, any signed-in user, or a role?', 'Do the logs show that it was used?'],
  question: ['What are you trying to achieve, and which endpoint or table is it about?'],
};

const AREA_RISKS: Record<Area, string> = {
  rls: 'Row Level Security: a table without RLS, or a policy without an owner condition, exposes every row to the anon key. Enable RLS in the migration that creates the table, and test as anon and as another user.',
  db: 'Locks: indexes on existing tables CONCURRENTLY, NOT NULL columns with a default or in steps. Deploy the migration before the code that needs it, and keep it backward compatible for the running version.',
  api: 'Clients: add fields rather than rename or remove them; a contract that must break gets a new route or version.',
  auth: 'Auth: trust only verified JWT claims (pinned algorithms, audience); roles come from app_metadata or a table, never user_metadata.',
  async: 'The event loop: one blocking call inside `async def` stalls every request. Use async clients (httpx.AsyncClient, AsyncSession, acreate_client), or a plain `def` route.',
  performance: 'Measure before and after with EXPLAIN ANALYZE on production-like volumes; an index helps only the query shape it matches.',
};

function stepsFor(type: IssueType, areas: Set<Area>, f: FileHints, e: Entity): Step[] {
  const data = areas.has('db') || areas.has('rls');
  const step = (s: Partial<Step> & Pick<Step, 'title'>): Step => ({ files: [], api: [], queries: [], tests: [], ...s });
  const where = f.mentioned.length ? f.mentioned : f.routers;
  switch (type) {
    case 'feature':
      return [
        ...(data ? [migrationStep(f, e), rlsStep(f, e)] : []),
        modelsStep(f, e),
        serviceStep(f, e),
        endpointStep(f, e),
        ...(areas.has('auth') ? [step({ title: 'Check the auth flow end to end', detail: describeRules('auth'), files: f.routers })] : []),
        testsStep(f, e),
      ];
    case 'bug':
      return [
        step({ title: 'Reproduce it with a failing test', detail: 'Write the request that fails as a pytest + httpx test before touching the code.', files: f.tests, tests: ['the request from the report, with the expected status and body'] }),
        step({ title: 'Find the cause', detail: [...areas].filter((a) => a in AREA_HINTS).map((a) => AREA_HINTS[a as keyof typeof AREA_HINTS]).join(' ') || 'Follow the request from the route to the query.', files: where }),
        step({ title: 'Fix it at the cause', detail: 'Change the code (or add a migration) where the cause is, not where the symptom shows.', files: data ? [...where, f.migration] : where }),
        testsStep(f, e, ['the regression test now passes']),
      ];
    case 'performance':
      return [
        step({ title: 'Measure first', detail: 'Time the endpoint and find its queries.', files: where, queries: ['EXPLAIN (ANALYZE, BUFFERS) of the slow query on production-like data', 'pg_stat_statements: the top queries by total time'] }),
        step({ title: 'Remove per-row queries and unbounded lists', detail: describeRules('performance'), files: f.routers, queries: [`one query with IN / a join, or selectinload, instead of a query per item`, `limit ≤ 100 with a stable order on ${e.table}`] }),
        step({ title: 'Add the missing indexes without locking', files: [f.migration], sql: `create index concurrently if not exists ${e.plural}_owner_id_created_at_idx on ${e.table} (owner_id, created_at desc);`, detail: 'CONCURRENTLY runs outside a transaction block.' }),
        ...(areas.has('rls') ? [step({ title: 'Make the policies cheap', detail: 'Wrap auth.uid() in a sub-select so it runs once per query, and index the columns the policies compare.', files: [f.migration], sql: policySql(e) })] : []),
        ...(areas.has('async') ? [step({ title: 'Take blocking calls off the event loop', detail: describeRules('async'), files: where })] : []),
        testsStep(f, e, ['the list endpoint runs a bounded number of queries, whatever the row count']),
      ];
    case 'security':
      return [
        step({ title: 'Contain it', detail: 'Find out since when and for whom it is exploitable; rotate any key or token that may have leaked; decide whether users must be told.', files: where }),
        endpointStep(f, e),
        ...(data || areas.has('api') ? [step({ title: 'Enforce the same rule in the database', detail: describeRules('rls'), files: [f.migration], sql: policySql(e) })] : []),
        testsStep(f, e, ['the exploit from the report now fails']),
        step({ title: 'Look for the same pattern elsewhere', detail: describeRules('security'), files: f.routers }),
      ];
    case 'question':
      return [step({ title: 'Find the code that answers it', files: where }), step({ title: 'Answer in the issue, and document it if it will be asked again', files: [] })];
  }
}

const AREA_HINTS = {
  api: 'Check the route, its dependencies and its response model.',
  db: 'Check the query and the migration that shaped the table.',
  auth: 'Check how the user is resolved from the token.',
  rls: 'Check the policies of the table, as anon and as another user.',
  async: 'Check for blocking calls and missing awaits in the async path.',
} as const;

export function buildSkeleton(grounding: PlanGrounding): Plan {
  const { subject, classification } = grounding;
  const changed = grounding.changedFiles?.map((f) => f.path);
  const files = pickFiles({ tree: grounding.tree, title: subject.title, body: subject.body, request: subject.request, changed });
  const entity = entityOf(files);
  const areas = new Set(classification.areas);
  const steps = stepsFor(classification.type, areas, files, entity);
  const findings = [
    ...(grounding.findings ?? []).map((f) => ({ where: `${f.path}:${f.line}`, path: f.path, severity: f.severity, rule: f.rule, title: f.title })),
    ...(grounding.earlier?.open ?? []).map((o) => ({ where: o.path, path: o.path, severity: o.severity, rule: o.rule, title: o.title })),
  ];
  if (findings.length) {
    const lines = findings.slice(0, 10).map((f) => `- \`${f.where}\` ${f.severity} · \`${f.rule}\`: ${f.title}`);
    if (findings.length > 10) lines.push(`- … and ${findings.length - 10} more in the review summary`);
    steps.unshift({ title: 'Fix what the review found, most severe first', detail: lines.join('\n'), files: [...new Set(findings.map((f) => f.path))].slice(0, 8).map((path) => ({ path, new: false })), api: [], queries: [], tests: [] });
  }
  // A checklist with an RLS step carries the RLS risk, whether or not the text said "RLS".
  const riskAreas = [...classification.areas, ...(steps.some((s) => s.sql?.includes('row level security')) && !areas.has('rls') ? (['rls'] as const) : [])];
  const areaList = classification.areas.length ? classification.areas.join(', ') : 'no specific backend area';
  const scope = subject.kind === 'pull request' ? `This pull request (${plural(changed?.length ?? 0, 'backend file')} changed)` : 'This issue';
  return {
    understood: `${scope} reads as **${classification.type}** work touching **${areaList}**${classification.evidence.length ? ` (cues: ${classification.evidence.slice(0, 6).map((c) => `\`${c}\``).join(', ')})` : ''}. The checklist below is the standard plan for it; adapt the names (\`${entity.table}\`, \`${entity.model}\`) to the real ones.`,
    questions: QUESTIONS[classification.type],
    steps: steps.slice(0, 12),
    risks: [...riskAreas.map((a) => AREA_RISKS[a]), 'Rollout: merge the migration first, then the code; watch errors and p95 latency after the deploy, and keep the previous version deployable.'],
  };
}
