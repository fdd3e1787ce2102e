import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderExamplePlan } from '../../src/app/example-plan.js';
import { currentPlanExample, planExampleSection } from '../../src/triage/readme-section.js';
import { loadPgParser } from '../../src/review/analyse/static/parsers/pg-parser.js';
import { jest } from '@jest/globals';
import { createLiveStageFromEnv } from '../../src/app/wiring/live-stage.js';

jest.setTimeout(300_000);
// As the app posts it: the embedded live database stage checks the plan's SQL.
const live = createLiveStageFromEnv({ env: {} });
afterAll(() => live.close());

const demo = fileURLToPath(new URL('../../examples/demo/', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('the README plan example', () => {
  it('is what the app posts for the bundled example (run `npm run readme` when this fails)', async () => {
    const example = await renderExamplePlan(demo, live.planProbe);
    expect(currentPlanExample(readme)).toBe(planExampleSection(example));
  });

  it('is a real plan: grounded in the example repository, with SQL that parses and RLS on the table it creates', async () => {
    const { reply } = await renderExamplePlan(demo, live.planProbe);
    expect(reply).toContain('`public.notes` (`supabase/migrations/20250101090000_create_notes.sql:1`');
    expect(reply).toContain('- `POST /notes/{note_id}/shares` (new)');
    expect(reply).toContain('alter table public.note_shares enable row level security;');
    expect(reply).not.toContain('❌');
    expect(reply).toContain(
      "   ✅ Applies cleanly on the replayed schema; `public.note_shares`: user B cannot read, update or delete user A's rows, nor create rows owned by user A or hand its rows to user A; anon cannot read or insert rows.",
    );
    expect(reply).toMatch(/\nChecked live on PostgreSQL [\d.]+ \(PGlite [\d.]+\): the repository's 1 migration replayed in a scratch database/);
    const parser = await loadPgParser();
    const blocks = [...reply.matchAll(/```sql\n([\s\S]*?)\n\s*```/g)].map((m) => m[1].replace(/^ {3}/gm, ''));
    expect(blocks.length).toBeGreaterThan(0);
    for (const sql of blocks) expect(() => parser.parse(sql)).not.toThrow();
  });
});
