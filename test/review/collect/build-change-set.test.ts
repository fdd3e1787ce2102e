import { buildChangeSet, type RawFileEntry } from '../../../src/review/collect/build-change-set.js';
import { createBackendDetector } from '../../../src/review/collect/backend-repo.js';
import { memorySnapshot } from '../../../src/review/memory-snapshot.js';
import { makePatch } from '../../helpers/change-set.js';

const meta = { owner: 'o', repo: 'r', title: 't', body: '', baseSha: 'b', headSha: 'h', totalFiles: 0, truncated: false };

async function build(changed: Record<string, string | Buffer>, repoFiles: Record<string, string> = {}, extra: Partial<RawFileEntry>[] = []) {
  const entries: RawFileEntry[] = [
    ...Object.entries(changed).map(([path, text]) => ({ path, status: 'added' as const, patch: makePatch('', String(text)) })),
    ...(extra as RawFileEntry[]),
  ];
  const head: Record<string, string> = { ...repoFiles };
  for (const [p, t] of Object.entries(changed)) if (typeof t === 'string') head[p] = t;
  const snapshot = memorySnapshot(head);
  const reads: string[] = [];
  const changeSet = await buildChangeSet({
    meta,
    entries,
    readHead: async (path) => {
      reads.push(path);
      const t = changed[path];
      return t === undefined ? null : typeof t === 'string' ? new TextEncoder().encode(t) : new Uint8Array(t);
    },
    isBackendPath: createBackendDetector(snapshot),
  });
  return { changeSet, reads, files: changeSet.files.map((f) => f.path), skipped: changeSet.skipped };
}

describe('buildChangeSet selection', () => {
  it('keeps Python that imports a backend library, and modules of the same package', async () => {
    const { files, reads } = await build({ 'app/routers/a.py': 'from fastapi import APIRouter\n', 'app/services/b.py': 'def f():\n    return 1\n', 'web/src/x.ts': 'x' });
    expect(files).toEqual(['app/routers/a.py', 'app/services/b.py']);
    expect(reads).not.toContain('web/src/x.ts');
  });

  it('keeps a module that lives beside backend modules of the repository, even when they did not change', async () => {
    const { files } = await build({ 'app/jobs.py': 'import time\n' }, { 'app/main.py': 'from fastapi import FastAPI\n' });
    expect(files).toEqual(['app/jobs.py']);
  });

  it('keeps Python of a repository that declares FastAPI as a dependency', async () => {
    const { files } = await build({ 'tools/x.py': 'print(1)\n' }, { 'pyproject.toml': '[project]\ndependencies = ["fastapi>=0.110"]\n' });
    expect(files).toEqual(['tools/x.py']);
  });

  it('skips Python that is not backend code, with the reason', async () => {
    const { files, skipped } = await build({ 'scripts/plot.py': 'import matplotlib\n' }, { 'scripts/other.py': 'import numpy\n' });
    expect(files).toEqual([]);
    expect(skipped).toEqual([{ path: 'scripts/plot.py', reason: 'not FastAPI / Supabase backend code' }]);
  });

  it('selects migrations, alembic revisions and supabase/config.toml by path', async () => {
    const { changeSet } = await build({
      'supabase/migrations/1_a.sql': 'select 1;\n',
      'db/migrations/2024/2_b.sql': 'select 1;\n',
      'alembic/versions/3_c.py': 'from alembic import op\n',
      'alembic_tenants/versions/4_d.py': 'from alembic import op\n',
      'src/app/database/revisions/tenant/versions/5_e.py': 'from alembic import op\n',
      'src/app/api/versions/v1.py': 'from fastapi import APIRouter\n',
      'supabase/config.toml': '[api]\n',
      'docs/example.sql': 'select 1;\n',
    });
    expect(changeSet.files.map((f) => [f.path, f.kind])).toEqual([
      ['alembic_tenants/versions/4_d.py', 'alembic'],
      ['alembic/versions/3_c.py', 'alembic'],
      ['db/migrations/2024/2_b.sql', 'sql'],
      ['src/app/api/versions/v1.py', 'python'],
      ['src/app/database/revisions/tenant/versions/5_e.py', 'alembic'],
      ['supabase/config.toml', 'supabase-config'],
      ['supabase/migrations/1_a.sql', 'sql'],
    ]);
  });

  it('skips vendored, generated, binary and oversized files with a reason, without fetching them', async () => {
    const { skipped, reads } = await build(
      { 'app/model.py': Buffer.from([0x66, 0x00, 0x01]) },
      {},
      [
        { path: 'vendor/lib/x.py', status: 'added', patch: '' },
        { path: 'app/proto/x_pb2.py', status: 'added', patch: '' },
        { path: 'app/big.py', status: 'added', patch: '@@ -0,0 +1 @@\n+x', size: 2_000_000 },
      ],
    );
    expect(skipped).toEqual([
      { path: 'app/big.py', reason: 'larger than 1 MB (1953 KB)' },
      { path: 'app/model.py', reason: 'binary file' },
      { path: 'app/proto/x_pb2.py', reason: 'generated file' },
      { path: 'vendor/lib/x.py', reason: 'vendored or third-party code' },
    ]);
    expect(reads).toEqual(['app/model.py']);
  });

  it('decodes non-UTF-8 bytes with replacement instead of failing', async () => {
    const { changeSet } = await build({ 'app/a.py': Buffer.concat([Buffer.from('from fastapi import FastAPI\nname = "'), Buffer.from([0xe9, 0xff]), Buffer.from('"\n')]) });
    expect(changeSet.files[0].content).toContain('name = "\uFFFD\uFFFD"');
  });
});
