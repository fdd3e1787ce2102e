import { examplePayload } from '../helpers/payloads.js';
import nock from 'nock';
import { startFakeAnthropic, type FakeAnthropic, type FakeReply } from '../helpers/fake-anthropic.js';

export const OWNER = 'Codertocat';
export const REPO = 'Hello-World';
export const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
export const BASE = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';
export const ISSUE_TITLE = 'Share notes with a team';
export const ISSUE_BODY = 'Users should be able to share a note with their team. We need a new table and RLS policies so that only team members can read it.';

/** The repository tree the git trees API serves. */
export const TREE = [
  'README.md',
  'app/main.py',
  'app/routers/notes.py',
  'app/schemas/notes.py',
  'supabase/migrations/20240101000000_init.sql',
  'tests/test_notes.py',
  'node_modules/left-pad/index.py',
];

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

/** A plan as the model would submit it, naming an existing file, a new one and an invented one. */
export const PLAN_INPUT = {
  understood: 'Team members need to read notes shared with their team; only the owner may change them.',
  questions: ['Can a note be shared with several teams?'],
  steps: [
    {
      title: 'Add the note_shares table with RLS',
      files: [
        { path: 'supabase/migrations/20240201000000_note_shares.sql', new: true },
        { path: 'app/models/share.py', new: false },
      ],
      data_model: 'note_shares(note_id, team_id), primary key on both.',
      sql: 'alter table public.note_shares enable row level security;',
      queries: ['select notes where id in (select note_id from note_shares where team_id = any($1)) — index note_shares(team_id)'],
      tests: [],
    },
    {
      title: 'Expose POST /notes/{note_id}/shares',
      files: [{ path: 'app/routers/notes.py', new: false }],
      api: [{ method: 'POST', path: '/notes/{note_id}/shares', request_model: 'ShareCreate', response_model: 'ShareOut', status_codes: ['201 created', '404 not the owner'] }],
      tests: ['another user gets 404', 'anon gets 401'],
    },
  ],
  risks: ['A policy without WITH CHECK would let members share notes they do not own.'],
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
