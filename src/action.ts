#!/usr/bin/env node
import { runAction } from './app/action/run-action.js';

// The GitHub Action entry (action.yml): one review of the workflow's pull request.
try {
  const outcome = await runAction({ env: process.env });
  process.stdout.write(`backend-agent: ${outcome.status === 'reviewed' ? `review posted (${outcome.inline} inline comments)` : `skipped: ${outcome.reason}`}\n`);
} catch (err) {
  process.stderr.write(`::error::backend-agent: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
