import { generateKeyPairSync } from 'node:crypto';
import pino from 'pino';
import { Probot } from 'probot';
import { createBackendAgent } from '#app/index.js';
import { startFakeGitHub } from './fake-github-server.js';
import { routerModule } from './synthetic-code.js';

export interface PipelineFigures {
  files: number;
  runs: number;
  p50Ms: number;
  p90Ms: number;
  calls: { total: number; listPages: number; contents: number; other: number; otherCalls: string[]; notifyingWrites: number; goal: number };
}

/** A short name for a repository call outside list pages and contents fetches. */
function callName(request: string): string {
  const [method, path] = request.split(' ');
  const named: [RegExp, string][] = [
    [/\/repos\/[^/]+\/\.github\/contents\//, 'config (org .github fallback)'],
    [/\/contents\/\.github/, 'config'],
    [/\/git\/trees\//, 'tree'],
    [/\/check-runs/, 'check run'],
    [/\/pulls\/\d+\/reviews$/, method === 'GET' ? 'review lookup' : 'review'],
    [/\/pulls\/\d+\/comments$/, 'review comments'],
    [/\/issues\/\d+\/comments$/, method === 'GET' ? 'summary lookup' : 'summary'],
    [/\/issues\/comments\/\d+$/, 'summary edit'],
  ];
  return named.find(([re]) => re.test(path))?.[1] ?? request;
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Webhook -> review-posted time and GitHub calls per review, for a synthetic PR of `files`
 * FastAPI modules, with GitHub answered in-process and Probot's production Octokit settings
 * (throttling on: runs are spaced 3 s apart, as GitHub's pacing of notifying writes requires).
 */
export async function benchPipeline(files: number, runs: number): Promise<PipelineFigures> {
  const pr = {
    owner: 'bench',
    repo: 'api',
    number: 1,
    files: Array.from({ length: files }, (_, i) => {
      const content = routerModule(i);
      const lines = content.split('\n');
      return { filename: `app/routers/module_${i}.py`, status: 'added', content, patch: `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}` };
    }),
  };
  const github = await startFakeGitHub(pr);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const agent = createBackendAgent({ env: {} });
  const probot = new Probot({ appId: 1, privateKey, baseUrl: github.url, log: pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }) as any });
  await probot.load(agent.app);
  const times: number[] = [];
  let calls: PipelineFigures['calls'] | undefined;
  try {
    for (let run = 0; run < runs; run++) {
      github.reset();
      const sha = run.toString(16).padStart(40, 'a');
      const payload = {
        action: 'opened',
        number: 1,
        installation: { id: 1 },
        repository: { name: 'api', full_name: 'bench/api', owner: { login: 'bench' } },
        pull_request: { number: 1, title: 'bench', body: '', state: 'open', draft: false, head: { sha }, base: { sha: 'b'.repeat(40) } },
      };
      const posted = github.nextPost();
      const started = performance.now();
      await probot.receive({ id: `bench-${run}`, name: 'pull_request', payload } as any);
      times.push((await posted) - started);
      await agent.idle();
      const repoCalls = github.requests.filter((r) => r.includes('/repos/'));
      const isListPage = (r: string) => r.endsWith('/pulls/1/files');
      const isContents = (r: string) => r.includes('/contents/') && !r.includes('/contents/.github');
      const listPages = repoCalls.filter(isListPage).length;
      const contents = repoCalls.filter(isContents).length;
      const notifyingWrites = repoCalls.filter((r) => r.startsWith('POST') && (r.endsWith('/reviews') || r.endsWith('/comments'))).length;
      const otherCalls = repoCalls.filter((r) => !isListPage(r) && !isContents(r)).map(callName);
      calls = { total: repoCalls.length, listPages, contents, other: otherCalls.length, otherCalls, notifyingWrites, goal: Math.ceil(files / 100) + contents + 3 };
      await sleep(3100);
    }
  } finally {
    await agent.idle();
    await github.close();
  }
  return { files, runs, p50Ms: Math.round(percentile(times, 50)), p90Ms: Math.round(percentile(times, 90)), calls: calls! };
}
