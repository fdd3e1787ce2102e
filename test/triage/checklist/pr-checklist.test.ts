import pino from 'pino';
import { findPullRequestWork } from '../../../src/triage/pull-request/pr-work.js';
import { buildPullRequestChecklist } from '../../../src/triage/checklist/pr-checklist.js';
import { classifyIssue } from '../../../src/triage/plan/classify-issue.js';
import { buildRepoTree } from '../../../src/triage/grounding/repo-paths.js';
import type { Finding } from '../../../src/domain/types.js';
import { makeChangeSet } from '../../helpers/change-set.js';

const log = pino({ level: 'silent' });
const ROUTER_BASE = 'from fastapi import APIRouter, Depends\n\nfrom app.deps import get_user\n\nrouter = APIRouter(prefix="/notes")\n\n\n@router.get("")\ndef list_notes(user=Depends(get_user)):\n    return []\n';
const ROUTER_HEAD = `${ROUTER_BASE}\n\n@router.get("/{note_id}")\ndef get_note(note_id: int, user=Depends(get_user)):\n    return {}\n\n\n@router.delete("/{note_id}")\ndef delete_note(note_id: int, user=Depends(get_user)):\n    return None\n`;
const MIGRATION = 'create table public.shares (\n  id bigint primary key,\n  owner_id uuid not null references auth.users (id)\n);\n';
const others = {
  'app/deps.py': 'from fastapi import Header\n\ndef get_user(authorization: str = Header(...)):\n    return authorization\n',
  'app/main.py': 'from fastapi import FastAPI\nfrom app.routers import notes\n\napp = FastAPI()\napp.include_router(notes.router, prefix="/api")\n',
  'tests/test_notes.py': 'def test_get(client):\n    assert client.get("/api/notes/1").status_code == 200\n',
  'supabase/config.toml': '',
};
const finding = (line: number, severity: Finding['severity'], rule: string, suggestion?: string): Finding => ({ path: 'app/routers/notes.py', line, side: 'RIGHT', category: 'security', severity, rule, title: `${rule} title`, message: `${rule} message.`, suggestion, source: 'static', fingerprint: rule });

describe('the plan of a pull request', () => {
  it('finds the routes and tables it adds, and which routes no test requests', async () => {
    const { changeSet, repo } = makeChangeSet([{ path: 'app/routers/notes.py', base: ROUTER_BASE, head: ROUTER_HEAD }, { path: 'supabase/migrations/2_shares.sql', head: MIGRATION }], others);
    const work = await findPullRequestWork({ changeSet, repo, paths: await repo.listPaths(), log });
    expect(work.routes.map((r) => [`${r.route.method} ${r.route.path}`, r.testedIn])).toEqual([
      ['DELETE /api/notes/{note_id}', undefined],
      ['GET /api/notes/{note_id}', 'tests/test_notes.py'],
    ]);
    expect(work.tables).toEqual([{ key: 'public.shares', path: 'supabase/migrations/2_shares.sql', line: 1, rls: false, ownerColumns: ['owner_id'] }]);
    expect(work.supabase).toBe(true);
  });

  it('lists the open findings in fix order with their change, then the tests it is missing', async () => {
    const { changeSet, repo } = makeChangeSet([{ path: 'app/routers/notes.py', base: ROUTER_BASE, head: ROUTER_HEAD }, { path: 'supabase/migrations/2_shares.sql', head: MIGRATION }], others);
    const work = await findPullRequestWork({ changeSet, repo, paths: await repo.listPaths(), log });
    const plan = buildPullRequestChecklist({
      subject: { kind: 'pull request', number: 4, title: 'Notes by id', body: 'Adds get and delete.' },
      classification: classifyIssue({ title: 'Notes by id', body: '' }),
      tree: buildRepoTree(await repo.listPaths(), false),
      changedFiles: changeSet.files,
      findings: [finding(20, 'medium', 'b-rule'), finding(14, 'high', 'a-rule', '    return get_for(user, note_id)')],
      work,
    });
    expect(plan.steps.map((s) => s.title)).toEqual([
      'Fix `a-rule` at `app/routers/notes.py:14` (high)',
      'Fix `b-rule` at `app/routers/notes.py:20` (medium)',
      'Test `DELETE /api/notes/{note_id}`',
      'Prove the RLS of `public.shares` with two users and anon',
    ]);
    expect(plan.steps[0].suggestion).toEqual({ path: 'app/routers/notes.py', line: 14, endLine: undefined, text: '    return get_for(user, note_id)', language: 'python' });
    expect(plan.steps[1].suggestion).toBeUndefined();
    expect(plan.tests).toHaveLength(1);
    expect(plan.tests[0]).toMatchObject({ path: 'tests/test_notes.py', new: false });
    expect(plan.tests[0].code).toMatch(/def test_delete_note_works_for_the_caller[\s\S]*status_code == 204[\s\S]*def test_delete_note_refuses_another_user[\s\S]*status_code == 404[\s\S]*def test_delete_note_refuses_anon[\s\S]*status_code == 401/);
    expect(plan.understood).toBe('This pull request changes 2 backend files; the review has 2 open findings. It adds or changes `DELETE /api/notes/{note_id}`, `GET /api/notes/{note_id}`; `GET /api/notes/{note_id}` is requested in `tests/test_notes.py`. It creates `public.shares`.');
  });
});
