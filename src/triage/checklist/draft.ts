import type { GroundRoute } from '../grounding/types.js';
import type { Plan, PlanApi, PlanFile, PlanMigration, PlanTest } from '../plan/plan-tool.js';
import type { PlanContext } from './context.js';
import { migrationPath } from './migration-files.js';

/** A deterministic plan while it is being written: sections filled by the recipes, in order. */
export interface Draft {
  understood: string[];
  questions: string[];
  steps: Plan['steps'];
  migrations: PlanMigration[];
  api: PlanApi[];
  tests: PlanTest[];
  risks: string[];
}

export const newDraft = (): Draft => ({ understood: [], questions: [], steps: [], migrations: [], api: [], tests: [], risks: [] });

export function addStep(draft: Draft, step: { title: string; detail?: string; files?: PlanFile[]; sql?: string }): void {
  const seen = new Set<string>();
  const files = (step.files ?? []).filter((f) => !seen.has(f.path) && seen.add(f.path));
  draft.steps.push({ title: step.title, detail: step.detail, files, sql: step.sql });
}

/** Adds a migration (a second one gets its own file: an index built CONCURRENTLY cannot share a transaction). */
export function addMigration(draft: Draft, ctx: PlanContext, params: { slug: string; sql: string; purpose: string }): PlanFile | null {
  const path = migrationPath(ctx.grounding.layout, ctx.grounding.paths, params.slug);
  if (!path) return null;
  draft.migrations.push({ path, new: true, sql: params.sql, purpose: params.purpose });
  return { path, new: true };
}

/** "a lesson", "an order". */
export const article = (word: string) => `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;

/** `file:line` of an existing route, for the contract and the prose. */
export const where = (r: GroundRoute) => `${r.file}:${r.line}`;
export const routeName = (r: Pick<GroundRoute, 'method' | 'path'>) => `${r.method} ${r.path}`;

/** The existing route that lists the target's rows (`GET /schools/{school_id}/lessons`), if any. */
export function collectionRoute(ctx: PlanContext): GroundRoute | undefined {
  const plural = ctx.naming.plural.replace(/_/g, '-');
  return ctx.routes.find((r) => r.method === 'GET' && new RegExp(`/(${ctx.naming.plural}|${plural})$`).test(r.path)) ?? ctx.routes.find((r) => !r.path.endsWith('}'));
}

/** The existing route of one row (`PATCH /lessons/{lesson_id}`), if any. */
export function itemRoute(ctx: PlanContext, method?: string): GroundRoute | undefined {
  return ctx.routes.find((r) => r.path.endsWith('}') && (!method || r.method === method)) ?? (method ? undefined : ctx.routes.find((r) => r.path.endsWith('}')));
}

/** The base path new routes hang from: an existing collection path, else `/<plural>` under the routes' common prefix. */
export function collectionPath(ctx: PlanContext): string {
  const existing = collectionRoute(ctx);
  if (existing) return existing.path;
  const item = itemRoute(ctx);
  if (item) return item.path.replace(/\/\{[^}]+\}$/, '');
  // Rows that belong to a parent hang under the parent's route: /lessons/{lesson_id}/enrolments.
  const parent = ctx.scope ? ctx.grounding.routes.find((r) => r.path.endsWith(`{${ctx.scope!.column}}`)) : undefined;
  if (parent) return `${parent.path}/${ctx.naming.plural.replace(/_/g, '-')}`;
  const prefix = commonPrefix(ctx.grounding.routes.map((r) => r.path));
  return `${prefix}/${ctx.naming.plural.replace(/_/g, '-')}`;
}

/** `/api/v1` when every route of the app starts with it. */
export function commonPrefix(paths: readonly string[]): string {
  if (paths.length < 2) return '';
  const split = paths.map((p) => p.split('/').filter(Boolean));
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const seg = split[0][i];
    if (!seg || seg.startsWith('{') || split.some((s) => s[i] !== seg || s.length <= i + 1)) break;
    out.push(seg);
  }
  // A shared first resource segment ("/orders") is not a prefix; a version or api segment is.
  return out.filter((s) => /^(api|v\d+|internal|public)$/.test(s)).map((s) => `/${s}`).join('');
}

export function finishDraft(draft: Draft, grounding: string[]): Plan {
  return {
    understood: draft.understood.join(' '),
    questions: [...new Set(draft.questions)].slice(0, 5),
    steps: draft.steps.slice(0, 12),
    migrations: draft.migrations,
    api: draft.api,
    tests: draft.tests,
    risks: [...new Set(draft.risks)],
    grounding,
  };
}
