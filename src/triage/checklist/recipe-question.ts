import type { GroundTable } from '../grounding/types.js';
import type { PlanContext } from './context.js';
import { addStep, newDraft, routeName, where, type Draft } from './draft.js';
import { commandOf, describeRoute, focusOf } from './focus.js';
import { describeTable } from './shared-steps.js';

const COMMAND_OF_ACTION = { cancel: 'update', delete: 'delete', update: 'update', create: 'insert', list: 'select', report: 'select', notify: 'select' } as const;

/** What the database refuses to duplicate in a table: its unique keys, primary key included. */
function uniquenessFact(t: GroundTable): string {
  const keys = t.uniques.map((u) => `(${u.join(', ')})`);
  return `\`${t.key}\` is unique only on ${keys.length ? keys.join(', ') : 'nothing'}: no unique or exclusion constraint stops two rows with the same ${t.columns.filter((c) => c.references).map((c) => `\`${c.name}\``).join(' / ') || 'values'}${t.columns.some((c) => /_at$|date/.test(c.name)) ? ' at the same time' : ''}; only application code could.`;
}

/**
 * A question: answered from what the repository says (the routes and policies that do or do not
 * exist for the thing asked about), with the files to read. Nothing is planned to change.
 */
export function planQuestion(ctx: PlanContext): Draft {
  const draft = newDraft();
  const focus = focusOf(ctx);
  const action = ctx.reading.main;
  const command = action ? COMMAND_OF_ACTION[action] : undefined;
  const facts: string[] = [];
  const tables = focus.tables;
  for (const t of tables) {
    const routes = ctx.grounding.routes.filter((r) => r.path.split('/').some((s) => s.replace(/-/g, '_') === t.name));
    const doing = command ? routes.filter((r) => commandOf(r) === command) : routes;
    const policies = command ? t.policies.filter((p) => p.command === command || p.command === 'all') : t.policies;
    const verb = command ?? 'serve';
    facts.push(
      `${describeTable(t)}: ${doing.length ? `${doing.map((r) => `\`${routeName(r)}\` (\`${where(r)}\`)`).join(', ')} ${doing.length > 1 ? 'do' : 'does'} that` : `no route ${verb}s its rows`}${t.rls === null ? '' : t.rls ? `; ${policies.length ? `polic${policies.length > 1 ? 'ies' : 'y'} ${policies.map((p) => `"${p.name}"`).join(', ')} allow${policies.length > 1 ? '' : 's'} it` : `no ${verb} policy, so signed-in users cannot ${verb} its rows through the API (only the service role can)`}` : ''}.`,
    );
  }
  if (/\b(two|twice|double|duplicates?|same time|at once|overlap\w*)\b/i.test(ctx.text)) facts.push(...tables.filter((t) => t.columns.some((c) => c.references) && t.columns.some((c) => /(_at|_on|date|time)$/.test(c.name) && !/^(created|updated)_/.test(c.name))).map(uniquenessFact));
  draft.understood.push(tables.length || focus.routes.length ? 'A question about how the backend behaves; here is what the repository says.' : 'A question I could not tie to a table or route of this repository.');
  draft.understood.push(...facts);
  if (!tables.length && focus.routes.length) draft.understood.push(`Routes: ${focus.routes.map(describeRoute).join('; ')}.`);
  addStep(draft, {
    title: 'Answer from the code',
    detail: facts.length ? 'The facts above come from the migrations and the route modules; a maintainer confirms the intent, and, if the behaviour should change, asks for a plan of the change.' : 'Name the table or route the question is about, and ask again.',
    files: [...new Map([...focus.routes.map((r) => [r.file, { path: r.file, new: false }] as const), ...tables.map((t) => [t.path, { path: t.path, new: false }] as const)]).values()],
  });
  if (!facts.length) draft.questions.push('Which endpoint or table is the question about?');
  return draft;
}
