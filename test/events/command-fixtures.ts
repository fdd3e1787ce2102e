import { examplePayload } from '../helpers/payloads.js';
import nock from 'nock';
import { startFakeAnthropic, type FakeAnthropic, type FakeReply } from '../helpers/fake-anthropic.js';
import { fixtureFiles } from '../helpers/fixture-repo.js';

export const OWNER = 'Codertocat';
export const REPO = 'Hello-World';
export const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
export const BASE = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';
/** A request written the way product people write: not one backend word. */
export const ISSUE_TITLE = 'Cancel a day of lessons when a school closes';
export const ISSUE_BODY = "Let schools cancel all of a day's lessons when a school closes; only that school's staff may do it, and students must be notified.";

/** The repository on the default branch: a FastAPI + Supabase school app (test/fixtures/triage/schools), served by the contents API. */
export const REPO_FILES = fixtureFiles('schools');
/** The repository tree the git trees API serves (its files, and a vendored one that is never shown). */
export const TREE = [...Object.keys(REPO_FILES), 'node_modules/left-pad/index.py'];

/** A real issue_comment.created payload, on an issue or on pull request #1, with the given comment. */
export function commentPayload(params: { on: 'issue' | 'pr'; body: string; association?: string; login?: string; type?: string; id?: number }): any {
  const payload = examplePayload('issue_comment', 'created', 3);
  payload.issue.title = ISSUE_TITLE;
  payload.issue.body = ISSUE_BODY;
  if (params.on === 'pr') {
    payload.issue.pull_request = { url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/1`, html_url: `https://github.com/${OWNER}/${REPO}/pull/1` };
    payload.issue.html_url = `https://github.com/${OWNER}/${REPO}/pull/1`;
  }
  payload.comment.body = params.body;
  payload.comment.author_association = params.association ?? 'OWNER';
  if (params.id) payload.comment.id = params.id;
  payload.comment.user = { ...payload.comment.user, login: params.login ?? 'Codertocat', type: params.type ?? 'User' };
  return payload;
}

/** A plan as the model would submit it: an existing, a new and an invented file; a migration that parses and one that does not; a route said to exist and a new one. */
export const PLAN_INPUT = {
  understood: 'Staff of a school cancel all lessons of one day in one request; the students enrolled are told after the change commits.',
  questions: ['Can a cancelled lesson be restored when the school reopens?'],
  steps: [
    {
      title: 'Record cancellations on public.lessons',
      files: [
        { path: 'supabase/migrations/20250301000000_lesson_cancellations.sql', new: true },
        { path: 'app/models/cancellation.py', new: false },
      ],
    },
    { title: 'Add the bulk cancel route', files: [{ path: 'app/routers/lessons.py', new: false }], sql: 'update public.lessons set cancelled_at = now() where school_id = $1 and starts_at >= $2 and starts_at < $3 returning id;' },
  ],
  migrations: [
    {
      path: 'supabase/migrations/20250301000000_lesson_cancellations.sql',
      new: true,
      sql: 'alter table public.lessons add column cancelled_at timestamptz;\ncreate policy lessons_update_staff on public.lessons for update to authenticated\n  using (exists (select 1 from public.staff s where s.school_id = lessons.school_id and s.user_id = (select auth.uid())))\n  with check (exists (select 1 from public.staff s where s.school_id = lessons.school_id and s.user_id = (select auth.uid())));',
    },
    { path: 'supabase/migrations/20250301000001_broken.sql', new: true, sql: 'create tabel public.lesson_notes (id bigint);' },
  ],
  api: [
    { method: 'POST', path: '/schools/{school_id}/lessons/cancel', new: true, request_model: 'LessonCancellation', response_model: 'LessonBulkResult', status_codes: ['200 cancelled', '403 not staff of this school'] },
    { method: 'GET', path: '/schools/{school_id}/lessons', new: false, response_model: 'list[LessonOut]', status_codes: ['200'] },
    { method: 'DELETE', path: '/lessons/{lesson_id}', new: false, status_codes: ['204'] },
  ],
  tests: [{ path: 'tests/test_lessons.py', new: false, code: 'def test_staff_cancels(client, staff_a_headers):\n    assert client.post("/schools/1/lessons/cancel", json={"day": "2025-03-14"}, headers=staff_a_headers).status_code == 200\n' }],
  risks: ['A policy without WITH CHECK would let staff move a lesson to another school.'],
};

export function llmEnv(fake: FakeAnthropic): Record<string, string> {
  return { ANTHROPIC_API_KEY: 'sk-ant-test-secret-key-0123456789', ANTHROPIC_BASE_URL: fake.baseURL, BACKEND_AGENT_LLM_MAX_RETRIES: '0' };
}

/**
 * Per test: GitHub mocked at the wire (nock; only 127.0.0.1 may be reached) and a fresh fake
 * Messages API answering with PLAN_INPUT, which a test may replace with another script.
 */
export function useWireAndModel(): { readonly fake: FakeAnthropic; replace(reply: FakeReply): Promise<void> } {
  let fake: FakeAnthropic;
  beforeEach(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    fake = await startFakeAnthropic({ kind: 'tool', input: PLAN_INPUT });
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await fake.close();
  });
  return {
    get fake() {
      return fake;
    },
    async replace(reply) {
      await fake.close();
      fake = await startFakeAnthropic(reply);
    },
  };
}
