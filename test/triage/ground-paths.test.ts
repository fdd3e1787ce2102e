import { groundModelPlan } from '../../src/triage/ground-paths.js';
import { buildRepoTree, selectPaths } from '../../src/triage/grounding/repo-paths.js';
import { planInputSchema } from '../../src/triage/plan/plan-tool.js';
import type { GroundRoute } from '../../src/triage/grounding/types.js';

const plan = (files: { path: string; new?: boolean }[], extra: Record<string, unknown> = {}) => planInputSchema.parse({ understood: 'u', steps: [{ title: 's', files }], ...extra });
const route = (method: string, path: string, file: string, line: number): GroundRoute => ({ method, path, file, line, handler: 'h', dependencies: [], authenticated: true, requestModels: [] });

describe('groundModelPlan', () => {
  const tree = buildRepoTree(['app/main.py', 'app/routers/notes.py', 'tests/test_notes.py'], false);

  it('keeps existing paths, trusts new ones, flags invented ones and drops duplicates', () => {
    const grounded = groundModelPlan(plan([{ path: './app/main.py', new: true }, { path: 'app/routers/notes.py' }, { path: 'app/routers/notes.py' }, { path: 'app/new.py', new: true }, { path: 'app/ghost.py' }]), { tree });
    expect(grounded.steps[0].files).toEqual([
      { path: 'app/main.py', new: false },
      { path: 'app/routers/notes.py', new: false },
      { path: 'app/new.py', new: true },
      { path: 'app/ghost.py', new: false, unknown: true },
    ]);
  });

  it('checks migrations and test modules the same way', () => {
    const grounded = groundModelPlan(plan([], { migrations: [{ path: 'supabase/migrations/2_x.sql', sql: 'select 1;' }], tests: [{ path: 'tests/test_notes.py', new: true, code: 'x' }, { path: 'tests/test_ghost.py', new: false, code: 'x' }] }), { tree });
    expect(grounded.migrations[0]).toMatchObject({ path: 'supabase/migrations/2_x.sql', new: true });
    expect(grounded.tests.map((t) => [t.path, t.new, (t as { unknown?: boolean }).unknown])).toEqual([['tests/test_notes.py', false, undefined], ['tests/test_ghost.py', false, true]]);
  });

  it('gives an existing route its file:line, and flags a route said to exist that does not', () => {
    const routes = [route('GET', '/notes/{note_id}', 'app/routers/notes.py', 12)];
    const api = [
      { method: 'GET', path: '/notes/{id}', new: true, status_codes: [] },
      { method: 'DELETE', path: '/notes/{note_id}', new: false, status_codes: [] },
      { method: 'POST', path: '/notes', new: true, status_codes: [] },
    ];
    const grounded = groundModelPlan(plan([], { api }), { tree, routes });
    expect(grounded.api.map((a) => [a.method, a.new, a.at, a.unknown])).toEqual([
      ['GET', false, 'app/routers/notes.py:12', undefined],
      ['DELETE', false, undefined, true],
      ['POST', true, undefined, undefined],
    ]);
  });

  it('flags nothing when the tree is unknown or truncated', () => {
    expect(groundModelPlan(plan([{ path: 'app/ghost.py' }]), { tree: null }).steps[0].files).toEqual([{ path: 'app/ghost.py', new: false }]);
    expect(groundModelPlan(plan([{ path: 'app/ghost.py' }]), { tree: buildRepoTree([], true) }).steps[0].files).toEqual([{ path: 'app/ghost.py', new: false }]);
  });
});

describe('selectPaths', () => {
  it('shows backend files first, never vendored or binary ones, within the bound', () => {
    const paths = ['docs/a.md', 'web/app.tsx', 'app/main.py', 'pyproject.toml', 'node_modules/x/index.py', 'logo.png', 'supabase/migrations/1.sql'];
    expect(selectPaths(paths)).toEqual(['app/main.py', 'docs/a.md', 'pyproject.toml', 'supabase/migrations/1.sql', 'web/app.tsx']);
    expect(selectPaths(paths, 3)).toEqual(['app/main.py', 'pyproject.toml', 'supabase/migrations/1.sql']);
  });
});
