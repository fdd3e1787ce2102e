import { classifyIssue } from '../../src/triage/plan/classify-issue.js';
import { decideBackend } from '../../src/triage/decide-backend.js';
import { concernsElsewhere } from '../../src/triage/issue-scope.js';
import type { BackendVerdict } from '../../src/triage/grounding/types.js';

const yes: BackendVerdict = { verdict: 'yes', evidence: 'app/main.py' };
const decide = (title: string, body: string, repo: BackendVerdict = yes) => decideBackend({ classification: classifyIssue({ title, body }), elsewhere: concernsElsewhere({ title, body }), repo });

describe('concernsElsewhere', () => {
  it.each([
    ['The settings page is slow to render', 'The React component re-renders on every keystroke.', 'front-end'],
    ['Button colours', 'See web/src/components/Button.vue and styles.css', 'front-end'],
    ['Fix the install guide', 'docs/install.md has a typo', 'docs'],
    ['CI is red', 'The lint job in .github/workflows/ci.yml fails', 'ci'],
  ])('%s -> %s', (title, body, scope) => {
    expect(concernsElsewhere({ title, body })?.scope).toBe(scope);
  });

  it('never when the text names a backend file', () => {
    expect(concernsElsewhere({ title: 'The page is blank', body: 'app/routers/pages.py returns 500' })).toBeNull();
  });
});

describe('decideBackend', () => {
  it('in a repository the review reviews, a request without a backend word is backend work', () => {
    expect(decide('Let schools cancel a day', 'Only staff may do it.')).toEqual({ backend: true, reason: 'the repository is a FastAPI / Supabase backend (app/main.py)' });
  });

  it('unless it plainly concerns something else', () => {
    expect(decide('The calendar page overflows on phones', 'Buttons overlap on Safari.')).toEqual({ backend: false, reason: 'it concerns the front-end (page, overflows, phones, buttons)' });
    expect(decide('The login button is cut off on Safari', 'On the login page.').backend).toBe(false);
  });

  it('a UI issue that names the backend stays backend work', () => {
    expect(decide('The orders page shows a 500', 'GET /orders from the API fails').backend).toBe(true);
  });

  it('a repository without backend code gets labels only, unless the text asks for backend work', () => {
    const no: BackendVerdict = { verdict: 'no', evidence: 'no Python modules or migrations in the tree' };
    expect(decide('Cancel a day of lessons', 'Only staff may do it.', no).backend).toBe(false);
    expect(decide('Build the FastAPI backend for lessons', 'with a Postgres table', no).backend).toBe(true);
  });

  it('the text decides when the repository cannot be read', () => {
    const unknown: BackendVerdict = { verdict: 'unknown', evidence: 'the tree could not be listed' };
    expect(decide('Add an endpoint for lessons', '', unknown).backend).toBe(true);
    expect(decide('Dark mode', '', unknown).backend).toBe(false);
  });
});
