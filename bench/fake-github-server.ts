import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakePullRequest {
  owner: string;
  repo: string;
  number: number;
  files: { filename: string; status: string; patch: string; content: string }[];
}

export interface FakeGitHub {
  url: string;
  /** Every request as "METHOD /path" (query stripped), in order. */
  requests: string[];
  /** Resolves (with performance.now()) when the next review, or a summary when there is no review, is posted. */
  nextPost(): Promise<number>;
  reset(): void;
  close(): Promise<void>;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ status, body: JSON.stringify(body), headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });

async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
}

/**
 * The few GitHub REST routes a review uses, answered in-process on 127.0.0.1, for the benchmark.
 * Stateless between reviews except for the issue comments it was sent (reset() clears them).
 */
export async function startFakeGitHub(pr: FakePullRequest): Promise<FakeGitHub> {
  const requests: string[] = [];
  let comments: any[] = [];
  let waiters: ((at: number) => void)[] = [];
  const base = `/api/v3/repos/${pr.owner}/${pr.repo}`;
  const notify = () => {
    const at = performance.now();
    for (const w of waiters) w(at);
    waiters = [];
  };
  const route = async (req: IncomingMessage) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    requests.push(`${req.method} ${path.replace('/api/v3', '')}`);
    const body = await readBody(req);
    if (path === '/api/v3/app') return json(200, { id: 1, slug: 'backend-agent' });
    if (/\/app\/installations\/\d+\/access_tokens$/.test(path)) return json(201, { token: 'ghs_bench', expires_at: new Date(Date.now() + 3600e3).toISOString() });
    if (path.includes('/contents/.github')) return json(404, { message: 'Not Found' });
    if (path === `${base}/pulls/${pr.number}/files`) {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(pr.files.length / perPage));
      const link = page < last ? { link: `<http://${req.headers.host}${path}?per_page=${perPage}&page=${page + 1}>; rel="next"` } : undefined;
      return json(200, pr.files.slice((page - 1) * perPage, page * perPage).map(({ content, ...f }) => f), link);
    }
    if (path.startsWith(`${base}/contents/`)) {
      const file = pr.files.find((f) => f.filename === decodeURIComponent(path.slice(`${base}/contents/`.length)));
      if (!file) return json(404, { message: 'Not Found' });
      return json(200, { type: 'file', encoding: 'base64', size: file.content.length, content: Buffer.from(file.content).toString('base64') });
    }
    if (path === `${base}/git/trees/${path.split('/').pop()}`) {
      return json(200, { sha: 'x', truncated: false, tree: pr.files.map((f) => ({ path: f.filename, type: 'blob', size: f.content.length })) });
    }
    if (path === `${base}/issues/${pr.number}/comments` && req.method === 'GET') return json(200, comments);
    if (path === `${base}/issues/${pr.number}/comments`) {
      notify();
      const c = { id: comments.length + 1, body: body.body, user: { login: 'backend-agent[bot]', type: 'Bot' } };
      comments.push(c);
      return json(201, c);
    }
    if (path.startsWith(`${base}/issues/comments/`)) return json(200, { id: 1 });
    if (path === `${base}/pulls/${pr.number}/comments`) return json(200, []);
    if (path === `${base}/pulls/${pr.number}/reviews` && req.method === 'GET') return json(200, []);
    if (path === `${base}/pulls/${pr.number}/reviews`) {
      notify();
      return json(200, { id: 1 });
    }
    if (path === `${base}/check-runs`) return json(201, { id: 1 });
    return json(404, { message: 'Not Found' });
  };
  const server: Server = createServer((req, res) => {
    route(req).then(
      (r) => res.writeHead(r.status, r.headers).end(r.body),
      (err) => res.writeHead(500).end(String(err)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v3`,
    requests,
    nextPost: () => new Promise((resolve) => waiters.push(resolve)),
    reset() {
      requests.length = 0;
      comments = [];
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
