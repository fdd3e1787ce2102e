import { runCli } from '../../src/app/cli/run-cli.js';
import { startFakeAnthropic } from '../helpers/fake-anthropic.js';
import { BLOCKING_ROUTE as BLOCKING, CLEAN_ROUTE as CLEAN, git, initRepo, writeFile as write } from '../helpers/work-tree.js';

async function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, env, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

const rules = (stdout: string) => JSON.parse(stdout).findings.map((f: any) => `${f.path}:${f.line} ${f.rule}`);

describe('backend-agent review --staged', () => {
  it('reviews the index against HEAD, not the working tree, with the same output and exit codes', async () => {
    const dir = await initRepo('staged', { 'app/main.py': CLEAN });

    write(dir, 'app/main.py', BLOCKING);
    git(dir, 'add', 'app/main.py');
    // Not staged: neither a fix in the working tree nor a new untracked file count.
    write(dir, 'app/main.py', CLEAN);
    write(dir, 'app/other.py', BLOCKING);
    const blocked = await run(['review', '--staged', '--format', 'json', '--no-llm', '--fail-on', 'high'], dir);
    expect(blocked.stderr).toBe('');
    expect(rules(blocked.stdout)).toEqual(['app/main.py:11 async-blocking-sleep']);
    expect(blocked.code).toBe(1);
    expect(JSON.parse(blocked.stdout).summary.base).toBe(git(dir, 'rev-parse', 'HEAD').trim());

    git(dir, 'add', 'app/main.py');
    const fixed = await run(['review', '--staged', '--format', 'json', '--no-llm', '--fail-on', 'high'], dir);
    expect({ code: fixed.code, findings: rules(fixed.stdout) }).toEqual({ code: 0, findings: [] });
    // Reviewing the staged change wrote no commit and changed no ref.
    expect(git(dir, 'rev-list', '--count', 'HEAD').trim()).toBe('1');
  });

  it('reviews the first commit of a repository against the empty tree', async () => {
    const dir = await initRepo('staged-first');
    write(dir, 'app/main.py', BLOCKING);
    git(dir, 'add', '-A');
    const first = await run(['review', '--staged', '--format', 'json', '--no-llm'], dir);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(rules(first.stdout)).toEqual(['app/main.py:11 async-blocking-sleep']);
  });

  it('refuses --staged with --base or --head, and an index with merge conflicts', async () => {
    const dir = await initRepo('staged-usage');
    const mixed = await run(['review', '--staged', '--base', 'main'], dir);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('--staged reviews the index against HEAD: it takes no --base or --head');

    write(dir, 'app/main.py', CLEAN);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    git(dir, 'checkout', '-q', '-b', 'other');
    write(dir, 'app/main.py', BLOCKING);
    git(dir, 'commit', '-q', '-am', 'other');
    git(dir, 'checkout', '-q', 'main');
    write(dir, 'app/main.py', CLEAN.replace('sleep(1)', 'sleep(2)'));
    git(dir, 'commit', '-q', '-am', 'main');
    expect(() => git(dir, 'merge', '-q', 'other')).toThrow();
    const conflicted = await run(['review', '--staged'], dir);
    expect(conflicted).toEqual({ code: 2, stdout: '', stderr: 'backend-agent: the index has unresolved merge conflicts: resolve them before reviewing what is staged\n' });
  });

  it('exits 3 with --fail-on when a stage could not run and nothing reached the threshold, as a commit range does', async () => {
    const dir = await initRepo('staged-incomplete');
    write(dir, 'app/main.py', CLEAN);
    git(dir, 'add', '-A');
    const claude = await startFakeAnthropic({ kind: 'error', status: 529, type: 'overloaded_error' });
    try {
      const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'silent', ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: claude.baseURL, BACKEND_AGENT_LLM_MAX_RETRIES: '0' };
      const incomplete = await run(['review', '--staged', '--format', 'json', '--fail-on', 'high'], dir, env);
      expect(incomplete.code).toBe(3);
      expect(JSON.parse(incomplete.stdout).summary.incomplete).toEqual([expect.stringMatching(/^AI review unavailable: /), '1 file not reviewed by backend-agent']);
      expect((await run(['review', '--staged', '--format', 'json'], dir, env)).code).toBe(0);
    } finally {
      await claude.close();
    }
  });
});
