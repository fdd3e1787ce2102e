import { createLiveAnalyzer } from '#app/review/analyse/live/live-analyzer.js';
import { createStaticAnalyzer } from '#app/review/analyse/static/index.js';
import { createLiveServer } from '#app/adapters/live-database-env.js';
import { defaultSettings } from '#app/config/repo-config.js';
import { parseCommentableLines } from '#app/review/collect/parse-patch.js';
import { memorySnapshot } from '#app/review/memory-snapshot.js';
import { silentLog } from '#app/domain/logger.js';
import type { ChangeSet, ChangedFile, RepoSnapshot } from '#app/domain/types.js';

/** A table owned by users, as Supabase projects write them: FK to auth.users, index, RLS, four policies. */
function ownedTable(name: string, parent?: string): string {
  const ref = parent ? `,\n  ${parent}_id bigint not null references public.${parent} (id) on delete cascade` : '';
  const refIndex = parent ? `create index on public.${name} (${parent}_id);\n` : '';
  return (
    `create table public.${name} (\n  id bigint generated always as identity primary key,\n  owner_id uuid not null references auth.users (id) on delete cascade,\n` +
    `  title text not null,\n  body text not null default '',\n  created_at timestamptz not null default now()${ref}\n);\n` +
    `create index on public.${name} (owner_id);\n${refIndex}alter table public.${name} enable row level security;\n` +
    ['select', 'insert', 'update', 'delete']
      .map((cmd) => {
        const clause = cmd === 'insert' ? 'with check' : 'using';
        const check = cmd === 'update' ? ' with check ((select auth.uid()) = owner_id)' : '';
        return `create policy "${name} ${cmd} own" on public.${name} for ${cmd} to authenticated ${clause} ((select auth.uid()) = owner_id)${check};\n`;
      })
      .join('')
  );
}

/** The repository of a PR with three migrations (two new tables, a policy change) over a 50-table schema. */
export function liveBenchChange(): { changeSet: ChangeSet; repo: RepoSnapshot } {
  const files: Record<string, string> = {};
  for (let m = 0; m < 10; m++) {
    let sql = '';
    for (let t = 0; t < 5; t++) {
      const n = m * 5 + t;
      sql += ownedTable(`t${n}`, n % 5 ? `t${n - 1}` : undefined);
    }
    files[`supabase/migrations/2024${String(m + 1).padStart(2, '0')}01000000_schema_${m}.sql`] = sql;
  }
  const added = {
    'supabase/migrations/20250101000000_projects.sql': ownedTable('projects'),
    'supabase/migrations/20250102000000_tasks.sql': ownedTable('tasks', 'projects'),
    'supabase/migrations/20250103000000_share_t3.sql':
      'create policy "t3 shared read" on public.t3 for select to authenticated using (true);\nalter table public.t3 add column shared boolean not null default false;\n',
  };
  const changed: ChangedFile[] = Object.entries(added).map(([path, text]) => {
    const patch = `@@ -0,0 +1,${text.split('\n').length - 1} @@\n${text.replace(/\n$/, '').split('\n').map((l) => `+${l}`).join('\n')}`;
    return { path, status: 'added', kind: 'sql', patch, lines: parseCommentableLines(patch), content: text };
  });
  const changeSet: ChangeSet = { owner: 'bench', repo: 'live', title: 'bench', body: '', baseSha: 'b'.repeat(40), headSha: 'a'.repeat(40), files: changed, skipped: [], totalFiles: 3, truncated: false };
  return { changeSet, repo: memorySnapshot({ ...files, ...added }) };
}

export interface LiveBenchRun {
  ms: number;
  /** CPU time of the whole process (the engine's worker thread included): steadier than `ms` on a shared machine. */
  cpuMs: number;
  findings: number;
  status: string;
}

/** Runs the live stage `runs` times in this process on one engine; the first run pays the engine's start. */
export interface LiveBenchResult {
  runs: LiveBenchRun[];
  /** Peak RSS over the whole bench, engine start included, above the RSS before it. */
  peakRssDeltaMb: number;
  /** Peak RSS during the reviews after the first (a started engine), above the RSS before the engine started. */
  warmPeakRssDeltaMb: number;
}

export async function benchLive(params: { runs: number; databaseUrl?: string }): Promise<LiveBenchResult> {
  const { changeSet, repo } = liveBenchChange();
  const runs: LiveBenchRun[] = [];
  // A review runs the static engine first, then the live stage, in one process: what the live stage
  // adds is measured over a process that has reviewed the same PR with the live stage off.
  await createStaticAnalyzer().run({ changeSet, repo, settings: defaultSettings(), log: silentLog, previous: [] });
  globalThis.gc?.();
  // Before the engine exists: the template it reads from its cache is part of what the stage adds.
  const before = process.memoryUsage().rss;
  const server = createLiveServer(params.databaseUrl);
  const analyzer = createLiveAnalyzer({ server: () => server, budgetMs: 600_000, concurrency: 1 });
  let peak = before;
  let warmPeak = 0;
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    if (runs.length > 0) warmPeak = Math.max(warmPeak, rss);
  }, 10);
  try {
    for (let i = 0; i < params.runs; i++) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const result = await analyzer.run({ changeSet, repo, settings: defaultSettings(), log: silentLog, previous: [] });
      const used = process.cpuUsage(cpu);
      runs.push({ ms: Math.round(performance.now() - started), cpuMs: Math.round((used.user + used.system) / 1000), findings: result.findings.length, status: result.status });
      if (result.status !== 'ok') throw new Error(`live stage ${result.status}: ${result.detail}`);
    }
  } finally {
    clearInterval(sampler);
    await server.close();
  }
  return { runs, peakRssDeltaMb: Math.round((peak - before) / 1e6), warmPeakRssDeltaMb: Math.round((warmPeak - before) / 1e6) };
}
