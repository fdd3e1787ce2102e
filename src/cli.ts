#!/usr/bin/env node
import { runCli } from './app/cli/run-cli.js';

// The `backend-agent` bin. Waits for stdout to drain before exiting so piped JSON is complete.
const code = await runCli(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
