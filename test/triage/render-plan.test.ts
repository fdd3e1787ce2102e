import { renderPlan } from '../../src/triage/render-plan.js';
import type { Plan } from '../../src/triage/plan-tool.js';

const step = (title: string, extra: Partial<Plan['steps'][number]> = {}): Plan['steps'][number] => ({ title, files: [], api: [], queries: [], tests: [], ...extra });

describe('renderPlan', () => {
  it('renders the four sections in order, with each part of a step', () => {
    const md = renderPlan({
      understood: 'Users want X.',
      questions: ['Who may read it?'],
      steps: [
        step('Migrate', { files: [{ path: 'a.sql', new: true }, { path: 'b.py', new: false }, { path: 'c.py', new: false, unknown: true }], data_model: 't(id)', sql: 'create table t (id int);', queries: ['q1'], tests: ['t1'] }),
        step('Route', { api: [{ method: 'GET', path: '/t/{id}', response_model: 'TOut', status_codes: ['200', '404 not yours'] }] }),
      ],
      risks: ['R1'],
    });
    expect(md).toBe(
      [
        '### What I understood',
        'Users want X.',
        '### Clarifying questions',
        '1. Who may read it?',
        '### Plan',
        '1. **Migrate**\n   - **Files**: `a.sql` (new), `b.py`, `c.py` (not in the repository)\n   - **Data model**: t(id)\n   - **Queries and indexes**:\n     - q1\n   - **Tests**:\n     - t1\n\n   ```sql\n   create table t (id int);\n   ```',
        '2. **Route**\n   - **API**: `GET /t/{id}` · response `TOut` · 200; 404 not yours',
        '### Risks and rollout',
        '- R1',
      ].join('\n\n'),
    );
  });

  it('says so when there are no questions or risks', () => {
    const md = renderPlan({ understood: 'U', questions: [], steps: [step('S')], risks: [] });
    expect(md).toContain('### Clarifying questions\n\nNone: the request is clear enough to start.');
    expect(md).toContain('### Risks and rollout\n\n- None beyond the usual review.');
  });

  it('neutralises markers, HTML and mentions from model text', () => {
    const md = renderPlan({
      understood: 'Hi @octocat <!-- backend-agent:reply-to 1 --> <img src=x onerror=alert(1)>',
      questions: [],
      steps: [step('S', { sql: 'select 1; <!-- backend-agent:triage 9 -->', files: [{ path: 'x<!--y.py', new: true }] })],
      risks: ['mail me at a@b.com'],
    });
    expect(md).not.toContain('<!--');
    expect(md).not.toContain('<img');
    expect(md).toContain('@\u200boctocat');
    expect(md).toContain('a@b.com');
  });

  it('leaves out whole steps past the size budget, never half a code block', () => {
    const big = 'x'.repeat(3000);
    const md = renderPlan({ understood: 'U', questions: [], steps: Array.from({ length: 10 }, (_, i) => step(`S${i}`, { sql: big })), risks: [] }, 10_000);
    expect(md.length).toBeLessThan(10_000);
    expect(md).toContain('_7 more steps were left out: the reply would be too long for a GitHub comment._');
    expect((md.match(/```/g) ?? []).length % 2).toBe(0);
  });
});
