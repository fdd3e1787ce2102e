import type { IssueMatches } from './match-issue.js';
import type { GroundModel, GroundRoute, GroundTable, RepoGrounding } from '../grounding/types.js';

/**
 * The grounding as prompt text: the schema excerpt (tables the request names in full, with their
 * columns, owner columns, RLS and policies; the others by name and columns), the routes, the
 * Pydantic models and the layout. Each section stays within its character budget, most relevant
 * first, and says how much it left out.
 */
export interface GroundingBudget {
  schema: number;
  routes: number;
  models: number;
}

export const DEFAULT_GROUNDING_BUDGET: GroundingBudget = { schema: 28_000, routes: 12_000, models: 8_000 };

function tableInFull(t: GroundTable): string {
  const cols = t.columns.map((c) => `  ${c.name} ${c.type}${c.notNull ? ' not null' : ''}${c.references ? ` -> ${c.references}` : ''}`);
  const rls = t.rls === null ? 'RLS: not managed by the repository (ORM model)' : `RLS: ${t.rls ? 'enabled' : 'DISABLED'}`;
  return [
    `table ${t.key} (${t.path}:${t.line}${t.model ? `, ORM class ${t.model}` : ''})`,
    ...cols,
    `  owner columns: ${t.ownerColumns.join(', ') || 'none found'}`,
    `  indexes: ${t.indexes.map((i) => `(${i.join(', ')})`).join(' ') || 'none'}`,
    `  ${rls}`,
    ...t.policies.map((p) => `  policy [${p.command}] ${p.text} (${p.path}:${p.line})`),
  ].join('\n');
}

const tableInShort = (t: GroundTable) => `table ${t.key}: ${t.columns.map((c) => c.name).join(', ')}; RLS ${t.rls === null ? 'n/a' : t.rls ? 'on' : 'off'}, ${t.policies.length} policies`;

export const describeRouteLine = (r: GroundRoute) =>
  `${r.method} ${r.path} -> ${r.handler} (${r.file}:${r.line}); depends on ${r.dependencies.join(', ') || 'nothing'}; ${r.authenticated ? `authenticated${r.caller ? ` by ${r.caller}` : ''}` : 'NOT authenticated'}${r.requestModels.length ? `; body ${r.requestModels.join(', ')}` : ''}${r.responseModel ? `; response ${r.responseModel}` : ''}`;

const modelLine = (m: GroundModel) => `${m.kind === 'orm' ? 'ORM' : 'Pydantic'} ${m.name} (${m.file}:${m.line}): ${m.fields.join(', ')}`;

/** Lines up to a budget, relevant ones first, with a closing line for what was left out. */
export function fitLines(lines: readonly string[], budget: number, what: string): string {
  const out: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    if (used + line.length + 1 > budget) {
      out.push(`(${lines.length - i} more ${what} left out to stay within the request's budget)`);
      break;
    }
    out.push(line);
    used += line.length + 1;
  }
  return out.join('\n');
}

export function describeGrounding(grounding: RepoGrounding, matches: IssueMatches, budget: GroundingBudget = DEFAULT_GROUNDING_BUDGET): { schema: string; routes: string; models: string; layout: string } {
  const named = new Set(matches.tables.map((m) => m.table.key));
  const tables = [...grounding.tables].sort((a, b) => Number(!named.has(a.key)) - Number(!named.has(b.key)));
  const schema = fitLines(tables.map((t) => (named.has(t.key) ? tableInFull(t) : tableInShort(t))), budget.schema, 'tables');
  const namedRoutes = new Set(matches.routes);
  const routes = fitLines([...grounding.routes].sort((a, b) => Number(!namedRoutes.has(a)) - Number(!namedRoutes.has(b))).map(describeRouteLine), budget.routes, 'routes');
  const namedModels = new Set(matches.models);
  const models = fitLines([...grounding.models].sort((a, b) => Number(!namedModels.has(a)) - Number(!namedModels.has(b))).map(modelLine), budget.models, 'models');
  const l = grounding.layout;
  const layout = [
    `migrations: ${l.migrations.tool}${l.migrations.dir ? ` in ${l.migrations.dir}` : ''}`,
    `supabase project: ${grounding.supabase ? 'yes (RLS with auth.uid() is the database half of authorisation)' : 'no'}`,
    l.app ? `app: ${l.app}` : '',
    l.routers ? `routers: ${l.routers}` : '',
    l.schemas ? `schemas: ${l.schemas}` : '',
    l.models ? `ORM models: ${l.models}` : '',
    l.services ? `services: ${l.services}` : '',
    `tests: ${l.tests}`,
    grounding.auth ? `the caller is identified by ${grounding.auth.name}${grounding.auth.file ? ` (${grounding.auth.file})` : ''}` : 'no auth dependency found',
    ...grounding.notes.slice(0, 5).map((n) => `not read: ${n}`),
  ].filter(Boolean);
  return { schema: schema || '(no tables found)', routes: routes || '(no routes found)', models: models || '(no models found)', layout: layout.join('\n') };
}
