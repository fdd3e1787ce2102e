import { renderPlan } from '../../src/triage/render-plan.js';
import type { Plan } from '../../src/triage/plan/plan-tool.js';

const step = (title: string, extra: Partial<Plan['steps'][number]> = {}): Plan['steps'][number] => ({ title, files: [], ...extra });
const plan = (extra: Partial<Plan> = {}): Plan => ({ understood: 'U', questions: [], steps: [step('S')], migrations: [], api: [], tests: [], risks: [], ...extra });
const parsed = { parses: true, statements: 1, unknownTables: [], findings: [], reviewed: true };

describe('renderPlan', () => {
  it('renders the sections in order: SQL and tests in collapsible blocks, with the SQL check beside each', () => {
    const md = renderPlan({
      understood: 'Users want X.',
      questions: ['Who may read it?'],
      steps: [step('Migrate', { detail: 'Why.', files: [{ path: 'a.sql', new: true }, { path: 'b.py', new: false }, { path: 'c.py', new: false, unknown: true }] }), step('Query', { sql: 'select 1;', check: parsed })],
      migrations: [{ path: 'a.sql', new: true, purpose: 'Make t.', sql: 'create table t (id int);', check: parsed }],
      api: [
        { method: 'GET', path: '/t/{id}', new: false, at: 'app/t.py:3', response_model: 'TOut', status_codes: ['200', '404 not yours'] },
        { method: 'POST', path: '/t', new: true, request_model: 'TIn', auth: 'owner', status_codes: ['201'] },
        { method: 'DELETE', path: '/t/{id}', new: false, unknown: true, status_codes: [] },
      ],
      tests: [{ path: 'tests/test_t.py', new: true, code: 'def test_a():\n    pass\n\n\ndef test_b():\n    pass\n' }],
      risks: ['R1'],
      grounding: ['Read `main`: 1 table.'],
    });
    expect(md).toBe(
      [
        '### What I understood',
        'Users want X.',
        '### Clarifying questions',
        '1. Who may read it?',
        '### Plan',
        '1. **Migrate**\n   Why.\n   - **Files**: `a.sql` (new), `b.py`, `c.py` (not in the repository)',
        "2. **Query**\n   ✅ Parses with the PostgreSQL parser (1 statement); replayed after the repository's migrations, the SQL rules flag nothing.\n\n   <details><summary>SQL</summary>\n\n   ```sql\n   select 1;\n   ```\n\n   </details>",
        '### Migration',
        "1. `a.sql` (new): Make t.\n   ✅ Parses with the PostgreSQL parser (1 statement); replayed after the repository's migrations, the SQL rules flag nothing.\n\n   <details><summary>SQL: <code>a.sql</code></summary>\n\n   ```sql\n   create table t (id int);\n   ```\n\n   </details>",
        '### API contract',
        '- `GET /t/{id}` (exists, `app/t.py:3`) · response `TOut` · 200; 404 not yours\n- `POST /t` (new) · request `TIn` · auth: owner · 201\n- `DELETE /t/{id}` (said to exist, not in the repository)',
        '### Tests',
        '<details><summary><code>tests/test_t.py</code> (new): 2 tests</summary>\n\n```python\ndef test_a():\n    pass\n\n\ndef test_b():\n    pass\n```\n\n</details>',
        '### Risks and rollout',
        '- R1',
        '### What I looked at',
        '- Read `main`: 1 table.',
      ].join('\n\n'),
    );
  });

  it('shows the SQL check: a block that does not parse is replaced by the error, findings and unknown tables are named', () => {
    const md = renderPlan(
      plan({
        migrations: [
          { path: 'm1.sql', new: true, sql: '', check: { parses: false, error: 'syntax error at or near "tabel" (line 1)', statements: 0, unknownTables: [], findings: [], reviewed: false } },
          { path: 'm2.sql', new: true, sql: 'create table x (id int);', check: { ...parsed, unknownTables: ['public.ghosts'], findings: [{ rule: 'rls-disabled-on-exposed-table', severity: 'high', title: 't', line: 1 }] } },
        ],
        live: { kind: 'unavailable', reason: "migration 1 of this plan does not parse, so the plan's migrations were not applied" },
      }),
    );
    expect(md).toContain('1. `m1.sql` (new)\n   ❌ Left out: the SQL does not parse (syntax error at or near "tabel" (line 1)).\n\n2.');
    expect(md).toContain('⚠️ Parses with the PostgreSQL parser (1 statement); the SQL rules flag `rls-disabled-on-exposed-table` on line 1 (high); it names `public.ghosts`, which neither the repository nor this plan creates.');
    expect(md).toContain("⚠️ Parsed only, not checked live: migration 1 of this plan does not parse, so the plan's migrations were not applied.");
  });

  it('says per block what the live check proved, or where a probe got through with its evidence, and which engine ran it', () => {
    const applied = (tables: { table: string; checks: { as: 'user B' | 'anon'; action: 'read' | 'update' | 'delete' | 'insert' | 'reassign'; leaked: boolean }[]; leaks: string[] }[]) =>
      ({ ...parsed, live: { kind: 'applied' as const, tables, leaks: [], notes: [] } });
    const md = renderPlan(
      plan({
        migrations: [
          { path: 'm.sql', new: true, sql: 'select 1;', check: applied([{ table: 'public.x', checks: [{ as: 'user B', action: 'read', leaked: false }, { as: 'anon', action: 'read', leaked: false }], leaks: [] }]) },
          { path: 'n.sql', new: true, sql: 'select 1;', check: applied([{ table: 'public.y', checks: [{ as: 'user B', action: 'delete', leaked: true }, { as: 'anon', action: 'read', leaked: false }], leaks: ['Run as user B, `delete from public.y` deleted 1 row of user A\'s.'] }]) },
          { path: 'o.sql', new: true, sql: 'select 1;', check: applied([{ table: 'public.z', checks: [{ as: 'anon', action: 'insert', leaked: false }], leaks: [] }]) },
        ],
        live: { kind: 'ran', engine: 'PostgreSQL 18.6', migrations: 3, probed: true, problems: ['a.sql:4 (boom)'] },
      }),
    );
    expect(md).toContain("   ✅ Applies cleanly on the replayed schema; `public.x`: user B cannot read user A's rows; anon cannot read rows.");
    expect(md).toContain("   ❌ Applies cleanly on the replayed schema; `public.y`: the RLS probes got through: user B could delete user A's row. Held: anon cannot read rows. Evidence: Run as user B, `delete from public.y` deleted 1 row of user A's.");
    expect(md).toContain('   ✅ Applies cleanly on the replayed schema; `public.z`: anon cannot insert rows (no column ties its rows to a user, so the two-user probes do not apply).');
    expect(md).toContain(
      "Checked live on PostgreSQL 18.6: the repository's 3 migrations replayed in a scratch database, then this plan's SQL, RLS probed as two signed-up users (A and B) and as anon, each probe in a transaction rolled back; the database was dropped after. The repository's own migrations already fail there, so the schema may miss what they make: a.sql:4 (boom).",
    );
  });

  it("shows a finding's suggestion as a plain code block, never a one-click suggestion", () => {
    const md = renderPlan(plan({ steps: [step('Fix', { suggestion: { path: 'app/a.py', line: 3, endLine: 4, text: '    await asyncio.sleep(1)', language: 'python' } })] }));
    expect(md).toContain("   The review's suggested change for lines 3–4:\n\n   ```python\n       await asyncio.sleep(1)\n   ```");
    expect(md).not.toContain('```suggestion');
  });

  it('says so when there are no questions or risks', () => {
    const md = renderPlan(plan());
    expect(md).toContain('### Clarifying questions\n\nNone: the request is clear enough to start.');
    expect(md).toContain('### Risks and rollout\n\n- None beyond the usual review.');
  });

  it('neutralises markers, HTML and mentions from model text, in prose, summaries and code', () => {
    const md = renderPlan(
      plan({
        understood: 'Hi @octocat <!-- backend-agent:reply-to 1 --> <img src=x onerror=alert(1)>',
        steps: [step('S', { sql: 'select 1; <!-- backend-agent:triage 9 -->', check: parsed, files: [{ path: 'x<!--y.py', new: true }] })],
        tests: [{ path: 'tests/<b>x</b>.py', new: true, code: '# </details> <!-- backend-agent:summary -->' }],
        risks: ['mail me at a@b.com'],
      }),
    );
    expect(md).not.toContain('<!--');
    expect(md).not.toContain('<img');
    expect(md).not.toContain('<b>');
    expect(md).toContain('<code>tests/&lt;b&gt;x&lt;/b&gt;.py</code>');
    expect(md).toContain('@\u200boctocat');
    expect(md).toContain('a@b.com');
  });

  it('leaves out the test skeletons, then whole steps, past the size budget, never half a code block', () => {
    const big = 'x'.repeat(3000);
    const md = renderPlan(plan({ steps: Array.from({ length: 10 }, (_, i) => step(`S${i}`, { sql: big, check: parsed })), tests: [{ path: 't.py', new: true, code: big }] }), 12_000);
    expect(md.length).toBeLessThan(12_000);
    expect(md).toContain('_The test skeletons were left out: the reply would be too long for a GitHub comment._');
    expect(md).toMatch(/_\d more steps were left out: the reply would be too long for a GitHub comment\._/);
    expect((md.match(/```/g) ?? []).length % 2).toBe(0);
  });
});
