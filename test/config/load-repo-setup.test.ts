import nock from 'nock';
import { Octokit } from '@octokit/rest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigUnavailableError, loadRepoConfig, loadRepoPersona } from '../../src/config/load-repo-setup.js';
import { createGitHubRepoFiles } from '../../src/adapters/github-repo-files.js';
import { createWorkingTreeFiles } from '../../src/adapters/working-tree-files.js';
import { tempDir } from '../helpers/temp-dir.js';

// The one loader the App, the Action and the CLI share, driven through the real adapters:
// GitHub mocked at the wire (nock), the working tree on disk.

const API = 'https://api.github.com';
const contents = (owner: string, repo: string, path: string) => `/repos/${owner}/${repo}/contents/${encodeURIComponent(path)}`;
const file = (text: string) => ({ type: 'file', encoding: 'base64', size: text.length, content: Buffer.from(text).toString('base64') });
const CONFIG = '.github/backend-agent.yml';
const files = () => createGitHubRepoFiles({ octokit: new Octokit({ log: { debug() {}, info() {}, warn() {}, error() {} } }), owner: 'acme', repo: 'api' });

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('loadRepoConfig over GitHub', () => {
  it("reads the repository's file on the default branch (no ref)", async () => {
    const asked: string[] = [];
    nock(API)
      .get(contents('acme', 'api', CONFIG))
      .query(true)
      .reply((uri) => (asked.push(uri), [200, file('max_inline_comments: 3\n')]));
    const { settings, problems } = await loadRepoConfig(files());
    expect(settings.max_inline_comments).toBe(3);
    expect(problems).toEqual([]);
    expect(asked).toEqual([contents('acme', 'api', CONFIG)]);
  });

  it("falls back to the owner's .github repository when the repository has no file, and to the defaults when neither has one", async () => {
    nock(API).get(contents('acme', 'api', CONFIG)).query(true).times(2).reply(404, { message: 'Not Found' });
    const org = nock(API).get(contents('acme', '.github', CONFIG)).query(true).reply(200, file('max_inline_comments: 7\n'));
    expect((await loadRepoConfig(files())).settings.max_inline_comments).toBe(7);
    expect(org.isDone()).toBe(true);
    nock(API).get(contents('acme', '.github', CONFIG)).query(true).reply(404, { message: 'Not Found' });
    const { settings, problems } = await loadRepoConfig(files());
    expect(settings.max_inline_comments).toBe((await loadRepoConfig(createWorkingTreeFiles(await tempDir('cfg')))).settings.max_inline_comments);
    expect(problems).toEqual([]);
  });

  it('follows _extends: the repository wins on a value, lists are joined, _extends is no unknown key', async () => {
    nock(API)
      .get(contents('acme', 'api', CONFIG))
      .query(true)
      .reply(200, file('_extends: shared:base.yml\nmax_inline_comments: 4\npaths:\n  exclude: ["legacy/**"]\n'));
    nock(API)
      .get(contents('acme', 'shared', 'base.yml'))
      .query(true)
      .reply(200, file('max_inline_comments: 9\nreview_drafts: true\npaths:\n  exclude: ["vendor/**"]\n'));
    const { settings, problems } = await loadRepoConfig(files());
    expect(problems).toEqual([]);
    expect(settings.max_inline_comments).toBe(4);
    expect(settings.review_drafts).toBe(true);
    expect(settings.paths.exclude).toEqual(['vendor/**', 'legacy/**']);
  });

  it('reports a looping or malformed _extends and uses the defaults', async () => {
    nock(API).get(contents('acme', 'api', CONFIG)).query(true).reply(200, file('_extends: other\n'));
    nock(API).get(contents('acme', 'other', CONFIG)).query(true).reply(200, file('_extends: api\n'));
    expect((await loadRepoConfig(files())).problems).toEqual([expect.stringMatching(/could not be used \(_extends loops back to acme\/api:\.github\/backend-agent\.yml\); using the defaults$/)]);
    nock(API).get(contents('acme', 'api', CONFIG)).query(true).reply(200, file('_extends: "not a repo!"\n'));
    expect((await loadRepoConfig(files())).problems).toEqual([expect.stringContaining('invalid _extends "not a repo!"')]);
  });

  it('shows where a broken file breaks', async () => {
    nock(API).get(contents('acme', 'api', CONFIG)).query(true).reply(200, file('paths: [unclosed\n'));
    const { problems, settings } = await loadRepoConfig(files());
    expect(problems).toEqual([expect.stringMatching(/^\.github\/backend-agent\.yml is not valid YAML at line 2: /)]);
    expect(settings.llm.enabled).toBe(false);
  });

  it('fails on a read that is not a 404 (issue 11: the defaults could override an opt-out)', async () => {
    nock(API).get(contents('acme', 'api', CONFIG)).query(true).reply(502, { message: 'Bad Gateway' });
    const err = await loadRepoConfig(files()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigUnavailableError);
    expect((err as ConfigUnavailableError).status).toBe(502);
    expect((err as Error).message).toMatch(/^\.github\/backend-agent\.yml could not be read: /);
  });

  it('reports a directory where the file should be', async () => {
    nock(API).get(contents('acme', 'api', CONFIG)).query(true).reply(200, [{ type: 'file', name: 'a.yml', path: '.github/backend-agent.yml/a.yml' }]);
    expect((await loadRepoConfig(files())).problems).toEqual([expect.stringContaining('could not be used (.github/backend-agent.yml is not a file)')]);
  });
});

describe('loadRepoConfig over a working tree (the CLI)', () => {
  it('reads the file from the folder, and the defaults without one', async () => {
    const dir = await tempDir('cfg');
    expect((await loadRepoConfig(createWorkingTreeFiles(dir))).problems).toEqual([]);
    mkdirSync(join(dir, '.github'));
    writeFileSync(join(dir, CONFIG), 'max_inline_comments: 2\nauto_reveiw: true\n');
    const { settings, problems } = await loadRepoConfig(createWorkingTreeFiles(dir));
    expect(settings.max_inline_comments).toBe(2);
    expect(problems).toEqual(['unknown key `auto_reveiw` ignored']);
  });

  it('cannot follow _extends to another repository and says so', async () => {
    const dir = await tempDir('cfg');
    mkdirSync(join(dir, '.github'));
    writeFileSync(join(dir, CONFIG), '_extends: shared\n');
    expect((await loadRepoConfig(createWorkingTreeFiles(dir))).problems).toEqual([expect.stringContaining('names another repository, which cannot be read here')]);
  });
});

describe('loadRepoPersona', () => {
  const PERSONA = '---\nname: backend-agent\ndescription: Ours.\nmodel: haiku\ncolor: blue\n---\nYou are Ada.\n';

  it("reads the repository's persona, none on a 404, and a problem (never a failure) when it cannot be read", async () => {
    const path = '.claude/agents/backend-agent.md';
    nock(API).get(contents('acme', 'api', path)).query(true).reply(200, file(PERSONA));
    expect((await loadRepoPersona(files(), 'backend-agent')).persona?.prompt).toContain('You are Ada.');
    nock(API).get(contents('acme', 'api', path)).query(true).reply(404, { message: 'Not Found' });
    expect(await loadRepoPersona(files(), 'backend-agent')).toEqual({});
    nock(API).get(contents('acme', 'api', path)).query(true).reply(500, { message: 'boom' });
    expect((await loadRepoPersona(files(), 'backend-agent')).problem).toMatch(/^\.claude\/agents\/backend-agent\.md could not be read \(.*\); the built-in persona reviewed$/);
  });
});
