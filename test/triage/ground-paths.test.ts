import { groundPlanPaths } from '../../src/triage/ground-paths.js';
import { buildRepoTree, selectPaths } from '../../src/triage/repo-paths.js';
import { planInputSchema } from '../../src/triage/plan-tool.js';

const plan = (files: { path: string; new?: boolean }[]) => planInputSchema.parse({ understood: 'u', steps: [{ title: 's', files }] });

describe('groundPlanPaths', () => {
  const tree = buildRepoTree(['app/main.py', 'app/routers/notes.py'], false);

  it('keeps existing paths, trusts new ones, flags invented ones and drops duplicates', () => {
    const grounded = groundPlanPaths(plan([{ path: './app/main.py', new: true }, { path: 'app/routers/notes.py' }, { path: 'app/routers/notes.py' }, { path: 'app/new.py', new: true }, { path: 'app/ghost.py' }]), tree);
    expect(grounded.steps[0].files).toEqual([
      { path: 'app/main.py', new: false },
      { path: 'app/routers/notes.py', new: false },
      { path: 'app/new.py', new: true },
      { path: 'app/ghost.py', new: false, unknown: true },
    ]);
  });

  it('flags nothing when the tree is unknown or truncated', () => {
    expect(groundPlanPaths(plan([{ path: 'app/ghost.py' }]), null).steps[0].files).toEqual([{ path: 'app/ghost.py', new: false }]);
    expect(groundPlanPaths(plan([{ path: 'app/ghost.py' }]), buildRepoTree([], true)).steps[0].files).toEqual([{ path: 'app/ghost.py', new: false }]);
  });
});

describe('selectPaths', () => {
  it('shows backend files first, never vendored or binary ones, within the bound', () => {
    const paths = ['docs/a.md', 'web/app.tsx', 'app/main.py', 'pyproject.toml', 'node_modules/x/index.py', 'logo.png', 'supabase/migrations/1.sql'];
    expect(selectPaths(paths)).toEqual(['app/main.py', 'docs/a.md', 'pyproject.toml', 'supabase/migrations/1.sql', 'web/app.tsx']);
    expect(selectPaths(paths, 3)).toEqual(['app/main.py', 'pyproject.toml', 'supabase/migrations/1.sql']);
  });
});
