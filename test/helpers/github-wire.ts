import nock from 'nock';
import { assertValidRequestBody } from './openapi.js';

export const API = 'https://api.github.com';

export interface WireFile {
  filename: string;
  status: string;
  patch?: string;
  previous_filename?: string;
  /** Head text served by the contents API; omit for removed files. */
  content?: string | Buffer;
}

export interface WireOptions {
  owner: string;
  repo: string;
  number: number;
  files: WireFile[];
  /** `.github/backend-agent.yml` on the default branch. */
  config?: string;
  /** Other head files (imports, migrations), path -> text. */
  extra?: Record<string, string>;
  issueComments?: any[];
  reviewComments?: any[];
  /** Compare API answers keyed by "base...head"; anything else is a 404. */
  compare?: Record<string, { status: string; files: WireFile[] }>;
  /** GET /pulls/{number} (commands read the PR's SHAs); 404 when absent. */
  pull?: { title?: string; body?: string; state?: string; draft?: boolean; headSha: string; baseSha: string };
  /** Paths of the tree served for any ref by the git trees API; by default the files served. */
  tree?: string[];
  /** Collaborator permission by login (admin, maintain, write, triage, read); others read. */
  permissions?: Record<string, string>;
  /** Git modes of tree entries by path (120000 a symbolic link, 160000 a submodule); others 100644. */
  modes?: Record<string, string>;
  /** Labels the repository already has. */
  labels?: { name: string; color: string }[];
}

export interface Write {
  method: string;
  path: string;
  body: any;
}

/**
 * GitHub at the wire, for one repository: reads are answered from the options, writes are
 * validated against GitHub's OpenAPI description, recorded, and reflected in later reads (a
 * created summary is listed afterwards). Register one-off failures with nock before calling.
 */
export function githubWire(opts: WireOptions) {
  const { owner, repo, number } = opts;
  const base = `/repos/${owner}/${repo}`;
  const writes: Write[] = [];
  const requests: string[] = [];
  const state = {
    issueComments: [...(opts.issueComments ?? [])],
    reviewComments: [...(opts.reviewComments ?? [])],
    reviews: [] as any[],
    checkRuns: [] as any[],
    reactions: [] as { commentId: number; content: string }[],
    labels: [...(opts.labels ?? [])] as { name: string; color: string; description?: string }[],
    issueLabels: [] as string[],
  };
  let nextId = 1000;
  // Read at request time, so a test can change opts.files between pushes.
  const contentOf = (path: string) => opts.files.find((f) => f.filename === path)?.content ?? opts.extra?.[path];
  const record = (method: string, path: string, body?: any) => {
    requests.push(`${method} ${path.split('?')[0]}`);
    if (body !== undefined) writes.push({ method, path: path.split('?')[0], body });
  };
  const bot = { login: 'backend-agent[bot]', type: 'Bot', id: 99 };

  const scope = nock(API)
    .persist()
    .get('/app')
    .reply(200, () => (record('GET', '/app'), { id: 1, slug: 'backend-agent', name: 'backend-agent' }))
    .post(/^\/app\/installations\/\d+\/access_tokens$/)
    .reply(201, () => (record('POST', '/app/installations/:id/access_tokens'), { token: 'ghs_testtoken', expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: {}, repository_selection: 'all' }))
    .get(`${base}/contents/.github%2Fbackend-agent.yml`)
    .query(true)
    .reply(function () {
      record('GET', `${base}/contents/.github/backend-agent.yml`);
      if (opts.config === undefined) return [404, { message: 'Not Found' }];
      // Probot's config plugin asks for the raw media type.
      if (String(this.req.headers.accept).includes('raw')) return [200, opts.config, { 'content-type': 'application/vnd.github.raw; charset=utf-8' }];
      return [200, { type: 'file', encoding: 'base64', size: opts.config.length, name: 'backend-agent.yml', path: '.github/backend-agent.yml', content: Buffer.from(opts.config).toString('base64') }];
    })
    .get(`/repos/${owner}/.github/contents/.github%2Fbackend-agent.yml`)
    .query(true)
    .reply(404, { message: 'Not Found' })
    .get(`${base}/issues/${number}/comments`)
    .query(true)
    .reply(200, (uri) => (record('GET', uri), state.issueComments))
    .get(`${base}/pulls/${number}/comments`)
    .query(true)
    .reply(200, (uri) => (record('GET', uri), state.reviewComments))
    .get(`${base}/pulls/${number}/files`)
    .query(true)
    .reply((uri) => {
      record('GET', uri);
      const url = new URL(uri, API);
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const slice = opts.files.slice((page - 1) * perPage, page * perPage).map(({ content, ...f }) => ({ sha: 'f'.repeat(40), additions: 1, deletions: 0, changes: 1, ...f }));
      const last = Math.max(1, Math.ceil(opts.files.length / perPage));
      const link = page < last ? { link: `<${API}${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next", <${API}${url.pathname}?per_page=${perPage}&page=${last}>; rel="last"` } : {};
      return [200, slice, link];
    })
    .get(new RegExp(`^${base}/contents/`))
    .query(true)
    .reply((uri) => {
      record('GET', uri);
      const path = decodeURIComponent(new URL(uri, API).pathname.slice(`${base}/contents/`.length));
      const text = contentOf(path);
      if (text === undefined) return [404, { message: 'Not Found' }];
      const buf = Buffer.isBuffer(text) ? text : Buffer.from(text);
      return [200, { type: 'file', encoding: 'base64', size: buf.length, name: path.split('/').pop(), path, content: buf.toString('base64') }];
    })
    .get(new RegExp(`^${base}/compare/`))
    .query(true)
    .reply((uri) => {
      record('GET', uri);
      const basehead = decodeURIComponent(new URL(uri, API).pathname.slice(`${base}/compare/`.length));
      const found = opts.compare?.[basehead];
      if (!found) return [404, { message: 'Not Found' }];
      return [200, { status: found.status, ahead_by: 1, behind_by: 0, total_commits: 1, commits: [], files: found.files.map(({ content, ...f }) => ({ sha: 'f'.repeat(40), additions: 1, deletions: 0, changes: 1, ...f })) }];
    })
    .get(`${base}/pulls/${number}/reviews`)
    .query(true)
    .reply((uri) => (record('GET', uri), [200, state.reviews.map(({ comments, ...r }) => r)]))
    .post(`${base}/pulls/${number}/reviews`)
    .reply((uri, body: any) => {
      assertValidRequestBody('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', body);
      record('POST', uri, body);
      const review = { id: nextId++, ...body, user: bot };
      state.reviews.push(review);
      for (const c of body.comments ?? []) state.reviewComments.push({ id: nextId++, ...c, pull_request_review_id: review.id, user: bot });
      return [200, review];
    })
    .post(`${base}/issues/${number}/comments`)
    .reply((uri, body: any) => {
      assertValidRequestBody('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', body);
      record('POST', uri, body);
      const comment = { id: nextId++, body: body.body, user: bot, performed_via_github_app: { id: 1, slug: 'backend-agent' } };
      state.issueComments.push(comment);
      return [201, comment];
    })
    .patch(/^\/repos\/[^/]+\/[^/]+\/issues\/comments\/\d+$/)
    .reply((uri, body: any) => {
      assertValidRequestBody('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', body);
      record('PATCH', uri, body);
      const id = Number(uri.split('/').pop());
      const comment = state.issueComments.find((c) => c.id === id);
      if (!comment) return [404, { message: 'Not Found' }];
      comment.body = body.body;
      return [200, comment];
    })
    .post(`${base}/check-runs`)
    .reply((uri, body: any) => {
      assertValidRequestBody('POST /repos/{owner}/{repo}/check-runs', body);
      record('POST', uri, body);
      const run = { id: nextId++, ...body };
      state.checkRuns.push(run);
      return [201, run];
    })
    .patch(/^\/repos\/[^/]+\/[^/]+\/check-runs\/\d+$/)
    .reply((uri, body: any) => {
      assertValidRequestBody('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', body);
      record('PATCH', uri, body);
      return [200, { id: Number(uri.split('/').pop()) }];
    });

  // Commands and triage: the PR, the tree, permissions, reactions and labels.
  nock(API)
    .persist()
    .get(`${base}/pulls/${number}`)
    .reply(() => {
      record('GET', `${base}/pulls/${number}`);
      if (!opts.pull) return [404, { message: 'Not Found' }];
      const p = opts.pull;
      return [200, { number, title: p.title ?? 'A pull request', body: p.body ?? null, state: p.state ?? 'open', draft: !!p.draft, head: { sha: p.headSha, ref: 'feature' }, base: { sha: p.baseSha, ref: 'main' } }];
    })
    .get(new RegExp(`^${base}/git/trees/`))
    .query(true)
    .reply((uri) => {
      record('GET', uri);
      // The given tree, or else the files this wire serves.
      const paths = opts.tree ?? [...new Set([...opts.files.filter((f) => f.content !== undefined).map((f) => f.filename), ...Object.keys(opts.extra ?? {})])];
      const entry = (path: string) => {
        const mode = opts.modes?.[path] ?? '100644';
        return { path, type: mode === '160000' ? 'commit' : 'blob', mode, sha: 'b'.repeat(40), size: String(contentOf(path) ?? 'x'.repeat(100)).length };
      };
      return [200, { sha: 't'.repeat(40), truncated: false, tree: [...new Set([...paths, ...Object.keys(opts.modes ?? {})])].map(entry) }];
    })
    .get(new RegExp(`^${base}/collaborators/[^/]+/permission$`))
    .reply((uri) => {
      record('GET', uri);
      const login = decodeURIComponent(uri.split('/').at(-2)!);
      const permission = opts.permissions?.[login] ?? 'read';
      const legacy = permission === 'maintain' ? 'write' : permission === 'triage' ? 'read' : permission;
      return [200, { permission: legacy, role_name: permission, user: { login } }];
    })
    .post(/^\/repos\/[^/]+\/[^/]+\/issues\/comments\/\d+\/reactions$/)
    .reply((uri, body: any) => {
      assertValidRequestBody('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', body);
      record('POST', uri, body);
      const commentId = Number(uri.split('/').at(-2));
      const existing = state.reactions.find((r) => r.commentId === commentId && r.content === body.content);
      if (!existing) state.reactions.push({ commentId, content: body.content });
      return [existing ? 200 : 201, { id: nextId++, content: body.content, user: bot }];
    })
    .get(`${base}/labels`)
    .query(true)
    .reply((uri) => (record('GET', uri), [200, state.labels]))
    .post(`${base}/labels`)
    .reply((uri, body: any) => {
      assertValidRequestBody('POST /repos/{owner}/{repo}/labels', body);
      record('POST', uri, body);
      if (state.labels.some((l) => l.name.toLowerCase() === body.name.toLowerCase())) return [422, { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] }];
      state.labels.push({ name: body.name, color: body.color, description: body.description });
      return [201, { id: nextId++, ...body }];
    })
    .post(`${base}/issues/${number}/labels`)
    .reply((uri, body: any) => {
      assertValidRequestBody('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', body);
      record('POST', uri, body);
      for (const name of body.labels as string[]) if (!state.issueLabels.includes(name)) state.issueLabels.push(name);
      return [200, state.issueLabels.map((name) => ({ name }))];
    });

  return {
    scope,
    state,
    writes,
    requests,
    reviews: () => writes.filter((w) => w.method === 'POST' && w.path.endsWith(`/pulls/${number}/reviews`) && w.body.event === 'COMMENT'),
    summaries: () => state.issueComments.filter((c) => c.body.includes('<!-- backend-agent:summary -->')),
    /** Comments the app posted (replies, triage plans, summaries), in order. */
    posted: () => writes.filter((w) => w.method === 'POST' && w.path.endsWith(`/issues/${number}/comments`)).map((w) => w.body.body as string),
  };
}
