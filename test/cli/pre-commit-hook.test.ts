import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BLOCKING_ROUTE as BLOCKING, CLEAN_ROUTE as CLEAN, git, initRepo, writeFile as write } from '../helpers/work-tree.js';

// The hook as a team uses it: Debian's pre-commit installs this repository as a `language: node`
// hook (npm install, npm pack, npm install -g) and runs it on what is staged. Each try-repo
// installs the hook afresh in a temporary store (minutes), so the test makes two runs only. .ci/run installs
// pre-commit and sets REQUIRE_PRE_COMMIT=1, so in CI this test always runs.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
if (!hasPreCommit && process.env.REQUIRE_PRE_COMMIT) throw new Error('REQUIRE_PRE_COMMIT is set but pre-commit is not installed (apt-get install pre-commit)');
const maybe = hasPreCommit ? describe : describe.skip;
if (!hasPreCommit) console.warn('pre-commit is not installed: the pre-commit hook test is skipped (.ci/run installs it)');

maybe('the pre-commit hook (.pre-commit-hooks.yaml)', () => {
  it('blocks a commit that stages a blocking call, and lets the fixed one through', async () => {
    const repo = await initRepo('pre-commit-repo', { 'app/main.py': CLEAN });
    const env = { ...process.env, PRE_COMMIT_COLOR: 'never', ANTHROPIC_API_KEY: '' };
    const tryRepo = () => spawnSync('pre-commit', ['try-repo', ROOT, 'backend-agent'], { cwd: repo, env, encoding: 'utf8', timeout: 14 * 60_000 });

    write(repo, 'app/main.py', BLOCKING);
    git(repo, 'add', 'app/main.py');
    const blocked = tryRepo();
    const blockedOut = `${blocked.stdout}${blocked.stderr}`;
    expect(blockedOut).toMatch(/backend-agent \(FastAPI \/ Supabase review of the staged change\)\.+Failed/);
    expect(blockedOut).toContain('- exit code: 1');
    expect(blockedOut).toContain('async-blocking-sleep');
    expect(blockedOut).toMatch(/app\/main\.py\n\s+11\s+high\s+async\s+time\.sleep inside async def/);
    expect(blocked.status).toBe(1);

    write(repo, 'app/main.py', CLEAN.replace('sleep(1)', 'sleep(2)'));
    git(repo, 'add', 'app/main.py');
    const fixed = tryRepo();
    expect(`${fixed.stdout}${fixed.stderr}`).toMatch(/backend-agent \(FastAPI \/ Supabase review of the staged change\)\.+Passed/);
    expect(fixed.status).toBe(0);
  }, 30 * 60_000);
});
