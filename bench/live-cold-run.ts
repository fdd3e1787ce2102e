import { benchLive } from './live-bench.js';

// One live stage in a fresh process: what the first review after a start (or one CLI run) pays.
// Prints `<ms> <peak RSS delta MB> <CPU ms>`.
const result = await benchLive({ runs: 1, databaseUrl: process.argv[2] || undefined });
console.log(`${result.runs[0].ms} ${result.peakRssDeltaMb} ${result.runs[0].cpuMs}`);
