import { benchPipeline } from './pipeline-bench.js';

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
        `(list pages ${f.calls.listPages}, contents ${f.calls.contents}, other ${f.calls.other}; notifying writes ${f.calls.notifyingWrites}); goal <= ${f.calls.goal}`,
    );
  }
}
