import nock from 'nock';
import { createTestApp } from '../helpers/test-app.js';
import { githubWire, type WireFile } from '../helpers/github-wire.js';
import { examplePayload } from '../helpers/payloads.js';
import { sleepAnalyzer } from '../helpers/sleep-analyzer.js';
import { mainFile } from './pr-fixtures.js';

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('every changed file that is not reviewed is named, with its reason', () => {
  it('lists binary, symlinked, submodule, vendored, generated and non-backend files in one collapsed list', async () => {
    const files: WireFile[] = [
      mainFile(),
      { filename: 'docs/diagram.png', status: 'added', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]) },
      // A symbolic link's blob is its target path: GitHub would serve it as a "file".
      { filename: 'app/current.py', status: 'added', patch: '@@ -0,0 +1 @@\n+main.py\n\\ No newline at end of file', content: 'main.py' },
      { filename: 'libs/shared', status: 'modified', patch: '@@ -1 +1 @@\n-Subproject commit aaa\n+Subproject commit bbb' },
      { filename: 'vendor/fastapi_utils/router.py', status: 'added', patch: '@@ -0,0 +1 @@\n+x = 1', content: 'x = 1' },
      { filename: 'app/proto/user_pb2.py', status: 'added', patch: '@@ -0,0 +1 @@\n+x = 1', content: 'x = 1' },
      { filename: 'README.md', status: 'modified', patch: '@@ -1 +1 @@\n-a\n+b' },
      { filename: 'web/src/App.tsx', status: 'added', patch: '@@ -0,0 +1 @@\n+export {}' },
    ];
    const wire = githubWire({ owner: 'Codertocat', repo: 'Hello-World', number: 2, files, modes: { 'app/current.py': '120000', 'libs/shared': '160000' } });
    const app = await createTestApp({ createAnalyzers: async () => [sleepAnalyzer] });
    await app.receive('pull_request', examplePayload('pull_request', 'opened', 1));

    const summary: string = wire.summaries()[0].body;
    expect(summary).toContain('Reviewed `ec26c3e` (1 backend file of 8 changed files)');
    expect(summary).toContain(
      [
        '<details><summary>Skipped (7)</summary>',
        '',
        '- `app/current.py`: symbolic link',
        '- `app/proto/user_pb2.py`: generated file',
        '- `docs/diagram.png`: binary file',
        '- `libs/shared`: submodule',
        '- `README.md`: not FastAPI / Supabase backend code',
        '- `vendor/fastapi_utils/router.py`: vendored or third-party code',
        '- `web/src/App.tsx`: not FastAPI / Supabase backend code',
        '',
        '</details>',
      ].join('\n'),
    );
    // The link is never fetched or parsed as Python.
    expect(wire.requests.filter((r) => r.includes('current.py'))).toEqual([]);
  });
});
