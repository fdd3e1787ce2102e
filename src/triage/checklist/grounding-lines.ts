import type { RepoGrounding } from '../grounding/types.js';
import type { IssueMatches } from '../match/match-issue.js';
import { plural } from '../../review/shared/markdown.js';

const MAX_NAMED = 6;
const list = (items: readonly string[]) => (items.length > MAX_NAMED ? `${items.slice(0, MAX_NAMED).join(', ')} and ${items.length - MAX_NAMED} more` : items.join(', '));

/** What the plan read and what it matched, for the "What I looked at" section (written by the app, trusted). */
export function groundingLines(grounding: RepoGrounding, matches: IssueMatches): string[] {
  const { layout } = grounding;
  const migrations = grounding.tables.filter((t) => t.origin === 'migration').length;
  const source = layout.migrations.tool === 'none' ? 'the ORM models' : `the migrations (${layout.migrations.tool}, \`${layout.migrations.dir}\`)`;
  const lines = [
    `Read \`${grounding.ref}\`: ${plural(grounding.tables.length, 'table')} from ${migrations ? source : 'the ORM models'}, ${plural(grounding.routes.length, 'route')}, ${plural(grounding.models.filter((m) => m.kind === 'pydantic').length, 'Pydantic model')}.`,
  ];
  const tables = matches.tables.filter((m) => m.score >= 2).map((m) => `\`${m.table.key}\``);
  const routes = matches.routes.map((r) => `\`${r.method} ${r.path}\``);
  if (tables.length || routes.length) {
    lines.push(`Matched the request's words to ${[tables.length ? `${plural(tables.length, 'table')} (${list(tables)})` : '', routes.length ? `${plural(routes.length, 'route')} (${list(routes)})` : ''].filter(Boolean).join(' and ')}.`);
  }
  if (matches.lookedFor.length && !tables.length) {
    lines.push(`Looked for tables, routes and models named after ${list(matches.lookedFor.map((w) => `"${w}"`))} (singular, plural and snake_case) and found none.`);
  }
  for (const note of grounding.notes.slice(0, 3)) lines.push(`Not read: ${note}.`);
  return lines;
}
