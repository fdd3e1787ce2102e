import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDemo } from './app/cli/run-demo.js';

// `npm run demo`: see app/cli/run-demo.ts. Extra args go to the CLI, e.g. `npm run demo -- --format text`.
const example = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'demo');
process.exitCode = await runDemo(example, process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr });
