import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectFromGit } from '../../../src/review/collect/from-git.js';
import { gitCli } from '../../../src/adapters/git-cli.js';
import { defaultSettings } from '../../../src/config/repo-config.js';
import { tempDir } from '../../helpers/temp-dir.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' }).toString();

describe('collectFromGit', () => {
  it('names a symbolic link as skipped, never reads it as Python, and reviews the real file', async () => {
    const dir = await tempDir('from-git');
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'base');
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app/main.py'), 'from fastapi import FastAPI\n\napp = FastAPI()\n');
    symlinkSync('main.py', join(dir, 'app/alias.py'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'head');
    const { changeSet, repo } = await collectFromGit(gitCli, { cwd: dir, base: 'HEAD~1' }, defaultSettings());
    repo.close();
    expect(changeSet.files.map((f) => f.path)).toEqual(['app/main.py']);
    expect(changeSet.skipped).toEqual([{ path: 'app/alias.py', reason: 'symbolic link' }]);
  });
});
