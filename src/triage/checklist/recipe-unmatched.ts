import type { PlanContext } from './context.js';
import { addStep, newDraft, type Draft } from './draft.js';

const MAX_LISTED = 8;

/**
 * Nothing in the repository matches the request's words: the plan says what it looked for,
 * lists what there is, and asks, rather than inventing tables and routes.
 */
export function planUnmatched(ctx: PlanContext): Draft {
  const draft = newDraft();
  const { grounding, matches, reading } = ctx;
  const words = matches.lookedFor.slice(0, 6).map((w) => `"${w}"`).join(', ');
  const tables = grounding.tables.slice(0, MAX_LISTED).map((t) => `\`${t.key}\``);
  const more = grounding.tables.length > MAX_LISTED ? ` and ${grounding.tables.length - MAX_LISTED} more` : '';
  draft.understood.push(
    `The request ${reading.main ? `asks to ${reading.main} something` : 'is about something'} I could not tie to this repository: no table, route or Pydantic model is named after ${words || 'its words'} (I tried singular, plural and snake_case forms).`,
    grounding.tables.length ? `The schema has ${tables.join(', ')}${more}.` : 'The repository declares no tables I could read (no migrations, no ORM models).',
  );
  draft.questions.push(
    grounding.tables.length
      ? `Which of these tables is this about, or is it new data? ${tables.slice(0, 5).join(', ')}${grounding.tables.length > 5 ? ', …' : ''}`
      : 'Where does this data live today (another service, a table created outside the repository)?',
    'Who may do this, and who may see the result?',
  );
  addStep(draft, {
    title: 'Settle where the data lives before writing code',
    detail: 'With the answers, ask again with `/backend-agent plan <the table or route>`: the plan then names the real tables, routes and files, and adds the migration, RLS policies, API contract and tests.',
    files: [],
  });
  return draft;
}
