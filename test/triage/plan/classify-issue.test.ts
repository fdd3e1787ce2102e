import { areasOfPath, classifyIssue, mentionedPaths } from '../../../src/triage/plan/classify-issue.js';

describe('classifyIssue', () => {
  it('reads a feature request touching the API, the database and RLS', () => {
    const c = classifyIssue({
      title: 'Add an endpoint to share notes with a team',
      body: 'Users should be able to share a note. We need a new table and RLS policies so that only team members can read it.',
    });
    expect(c.type).toBe('feature');
    expect(c.areas).toEqual(['api', 'db', 'rls']);
    expect(c.backend).toBe(true);
  });

  it('puts security first when a report is also a bug', () => {
    const c = classifyIssue({ title: 'Bug: users can read other users notes', body: 'GET /notes/{id} returns any note, the error is that no owner check happens. Data leak.' });
    expect(c.type).toBe('security');
    expect(c.areas).toEqual(expect.arrayContaining(['api', 'rls']));
  });

  it('reads a slow list endpoint as performance, with the performance area', () => {
    const c = classifyIssue({ title: 'GET /orders is slow with 10k rows', body: 'Each order loads its items in a loop (N+1) and the query has no index.' });
    expect(c.type).toBe('performance');
    expect(c.areas).toEqual(['api', 'db', 'performance']);
  });

  it('reads a crash as a bug and a how-to as a question', () => {
    expect(classifyIssue({ title: 'Crash on startup', body: 'Traceback (most recent call last): asyncpg ...' }).type).toBe('bug');
    expect(classifyIssue({ title: 'How do I run the migrations locally?', body: '' }).type).toBe('question');
  });

  it('takes areas from the paths an issue mentions', () => {
    const c = classifyIssue({ title: 'Refactor', body: 'See `app/routers/orders.py` and supabase/migrations/001_init.sql' });
    expect(c.areas).toEqual(['api', 'db']);
    expect(c.evidence).toEqual(expect.arrayContaining(['app/routers/orders.py', 'supabase/migrations/001_init.sql']));
    expect(c.backend).toBe(true);
  });

  it('marks an issue with nothing to do with the backend', () => {
    const typo = classifyIssue({ title: 'Spelling error in the README file', body: "It looks like you accidently spelled 'commit' with two 't's." });
    expect(typo).toMatchObject({ type: 'bug', areas: [], backend: false });
    const ui = classifyIssue({ title: 'The settings page is slow to render', body: 'The React component re-renders on every keystroke.' });
    expect(ui).toMatchObject({ type: 'performance', areas: ['performance'], backend: false });
  });

  it('reads soft deletes as database work, and a command word as no backend cue', () => {
    expect(classifyIssue({ title: 'Plan: soft-delete for items', body: 'We need soft-delete for items.' })).toMatchObject({ type: 'feature', areas: ['db'], backend: true });
    expect(classifyIssue({ title: 'Dark mode', body: '/backend-agent plan' })).toMatchObject({ backend: false });
  });

  it('defaults to a feature request when nothing matches', () => {
    expect(classifyIssue({ title: 'Dark mode', body: null })).toMatchObject({ type: 'feature', areas: [], backend: false });
  });
});

describe('paths', () => {
  it('finds backend paths in text and maps them to areas', () => {
    expect(mentionedPaths('edit app/api/deps.py, then alembic/versions/1_x.py and `pyproject.toml`.')).toEqual(['app/api/deps.py', 'alembic/versions/1_x.py', 'pyproject.toml']);
    expect(areasOfPath('app/api/deps.py')).toEqual(['api', 'auth']);
    expect(areasOfPath('supabase/migrations/20240101_rls_policies.sql')).toEqual(['db', 'rls']);
    expect(areasOfPath('app/workers/email.py')).toEqual(['async']);
    expect(areasOfPath('README.md')).toEqual([]);
  });
});
