import { benchPipeline } from './pipeline-bench.js';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchEngine } from './engine-bench.js';
import { benchLive } from './live-bench.js';
import { formatPromptTokenReport, measurePromptTokens } from './prompt-tokens.js';
import { benchActionStart } from './action-start.js';

// `npm run bench`: measured figures, never timed tests. Each section prints one block.
const only = process.argv[2];

if (!only || only === 'pipeline') {
  console.log('## Pipeline: webhook -> review posted, GitHub calls per review (static engine, GitHub in-process)');
  for (const [files, runs] of [
    [20, 9],
    [300, 3],
  ] as const) {
    const f = await benchPipeline(files, runs);
    console.log(
      `${String(f.files).padStart(4)} files: p50 ${f.p50Ms} ms, p90 ${f.p90Ms} ms over ${f.runs} runs; GitHub calls ${f.calls.total} ` +
        `(list pages ${f.calls.listPages}, contents ${f.calls.contents}, other ${f.calls.other}: ${f.calls.otherCalls.join(', ')}; ` +
        `notifying writes ${f.calls.notifyingWrites}); goal <= ${f.calls.goal}`,
    );
  }
}

if (!only || only === 'engine') {
  console.log('\n## Static engine over a generated FastAPI codebase (every line changed), vs Ruff-WASM alone (ASYNC, S, FAST); warm = best of 3 in one process');
  const f = await benchEngine({ minPythonLines: 50_000, migrations: 200, rounds: 3 });
  console.log(
    `${f.pythonLines} Python lines in ${f.pythonFiles} files + ${f.sqlLines} SQL lines in ${f.sqlFiles} migrations: ${f.engineMs} ms, ` +
      `${f.linesPerSecond} lines/s, ${f.findings} findings, peak RSS ${f.peakRssMb} MB.\n` +
      `Same Python files: engine ${f.enginePythonMs} ms vs Ruff-WASM ${f.ruffMs} ms: ratio ${f.ratio}x (goal <= 1.5x)\n` +
      `Floor: web-tree-sitter parsing those files and nothing else takes ${f.parseOnlyMs} ms (${f.parseOnlyRatio}x Ruff's whole lint)`,
  );
}

if (!only || only === 'engine') {
  // Cold: each side once in a fresh process (what one CLI run pays), alternating, median of 3.
  const coldRun = (which: string) => Number(execFileSync(process.execPath, [fileURLToPath(new URL('./cold-run.js', import.meta.url)), which, '50000']).toString().trim());
  const engine: number[] = [];
  const ruff: number[] = [];
  for (let i = 0; i < 3; i++) {
    engine.push(coldRun('engine'));
    ruff.push(coldRun('ruff'));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
  console.log(`Cold, one pass in a fresh process (median of 3): engine ${median(engine)} ms vs Ruff-WASM ${median(ruff)} ms: ratio ${Math.round((median(engine) / median(ruff)) * 100) / 100}x`);
}

if (!only || only === 'live') {
  // The live database stage on a PR with 3 migrations over a 50-table schema (base replayed too).
  console.log('\n## Live database stage: 3 new migrations over a 50-table schema (embedded PostgreSQL; DATABASE_URL adds a server row)');
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const engines: [string, string | undefined][] = [['PGlite', undefined], ...(process.env.DATABASE_URL ? [['server', process.env.DATABASE_URL] as [string, string]] : [])];
  for (const [name, url] of engines) {
    const cold = [0, 1, 2].map(() => execFileSync(process.execPath, ['--expose-gc', fileURLToPath(new URL('./live-cold-run.js', import.meta.url)), url ?? '']).toString().trim().split(' ').map(Number));
    const warm = await benchLive({ runs: 6, databaseUrl: url });
    const warmMs = warm.runs.slice(1).map((r) => r.ms);
    const warmCpu = warm.runs.slice(1).map((r) => r.cpuMs);
    console.log(
      `${name}: cold (fresh process, engine start included, median of 3) ${median(cold.map((c) => c[0]))} ms (CPU ${median(cold.map((c) => c[2]))} ms), peak RSS +${median(cold.map((c) => c[1]))} MB; ` +
        `warm p50 ${median(warmMs)} ms (CPU ${median(warmCpu)} ms; max ${Math.max(...warmMs)} ms over ${warmMs.length} runs), peak RSS during warm reviews +${warm.warmPeakRssDeltaMb} MB (+${warm.peakRssDeltaMb} MB with the engine's start), ` +
        `${warm.runs[1].findings} findings. Goal: warm p50 <= 1500 ms, <= 250 MB`,
    );
  }
}

if (!only || only === 'prompt') {
  // The labelled corpus lives beside the project (../shared/bench/cases), or where BENCH_CASES says.
  const casesDir = resolve(process.env.BENCH_CASES ?? '../shared/bench/cases');
  console.log(`\n## Prompt tokens per review (persona on Claude) for every case of ${casesDir}`);
  if (existsSync(casesDir)) console.log(formatPromptTokenReport(await measurePromptTokens({ casesDir })));
  else console.log(`(no cases at ${casesDir}: set BENCH_CASES to a folder of bench cases)`);
}

if (only === 'action') {
  // Only on request (`npm run bench -- action`): the composite side runs `npm ci` twice, once with
  // an empty npm cache (every package from the registry, as on a fresh runner).
  console.log('\n## GitHub Action start-to-review: bundled node20 action vs the former composite (npm ci + build), 20-file PR, GitHub on 127.0.0.1');
  const f = await benchActionStart({ root: fileURLToPath(new URL('..', import.meta.url)), runs: 5, composite: ['warm', 'cold'] });
  console.log(`bundled (action-dist/, ${f.bundleMb} MB with the WASM files): review posted after p50 ${f.bundled.reviewP50Ms} ms, process done after ${f.bundled.exitP50Ms} ms (${f.bundled.runs} runs)`);
  for (const c of f.composite) console.log(`composite, ${c.cache} npm cache: npm ci + build ${c.installMs} ms, then review posted after ${c.reviewMs} ms: ${c.totalMs} ms in all`);
}
