#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import pino from 'pino';
import { collectFromGit } from './review/collect/from-git.js';
import { GitError } from './review/collect/git-source.js';
import { reviewChange } from './review/review-change.js';
import { createAnalyzers } from './review/analyse/create-analyzers.js';
import { staticRules } from './review/analyse/static/catalog.js';
import { loadLocalConfig } from './config/load-local-config.js';
import { formatJson } from './review/render/format-json.js';
import { formatText } from './review/render/format-text.js';
import { formatSarif } from './review/render/format-sarif.js';
import { formatMarkdown } from './review/render/format-markdown.js';
import { SEVERITIES, type Severity } from './review/types.js';

const require = createRequire(import.meta.url);
const { version } = require('../package.json') as { version: string };

const USAGE = `usage: backend-agent review [--base REV] [--head REV] [--format text|json|markdown|sarif] [--no-llm] [--fail-on high|medium|low]

Reviews merge-base(base, head)..head of the git repository in the current directory.
  --base REV      what the change is compared with (default: the upstream branch, else main)
  --head REV      the change (default: HEAD)
  --format F      text (default), json, markdown (what the app would post) or sarif (code scanning)
  --no-llm        static rules only, even when ANTHROPIC_API_KEY is set
  --fail-on SEV   exit 1 when a finding of this severity or worse is found

Exit status: 0, 1 when --fail-on is met, 2 on an error (not a git repository, unknown revision, bad flag).`;

class UsageError extends Error {}

function parse(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        base: { type: 'string' },
        head: { type: 'string' },
        format: { type: 'string', default: 'text' },
        'no-llm': { type: 'boolean', default: false },
        'fail-on': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || values.version) return { command: values.help ? 'help' : 'version', values };
  if (positionals.length !== 1 || positionals[0] !== 'review') throw new UsageError(positionals.length ? `unknown command: ${positionals.join(' ')}` : 'missing command: review');
  if (!['text', 'json', 'markdown', 'sarif'].includes(values.format!)) throw new UsageError(`--format must be text, json, markdown or sarif, not "${values.format}"`);
  if (values['fail-on'] !== undefined && !SEVERITIES.includes(values['fail-on'] as Severity)) throw new UsageError(`--fail-on must be high, medium or low, not "${values['fail-on']}"`);
  return { command: 'review', values };
}

async function main(argv: string[]): Promise<number> {
  const { command, values } = parse(argv);
  if (command === 'help') return process.stdout.write(`${USAGE}\n`), 0;
  if (command === 'version') return process.stdout.write(`${version}\n`), 0;
  // Logs go to stderr: stdout carries only the report.
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn', base: undefined }, pino.destination(2));
  const { settings, problems } = await loadLocalConfig(process.cwd());
  const { changeSet, repo } = await collectFromGit({ cwd: process.cwd(), base: values.base, head: values.head }, settings);
  const analyzers = await createAnalyzers({ env: process.env, noLlm: values['no-llm']!, settings, log });
  const report = await reviewChange({ changeSet, repo, analyzers, settings, log, configProblems: problems });
  const format = values.format!;
  const output =
    format === 'json' ? formatJson(report)
    : format === 'sarif' ? formatSarif(report, staticRules(), version)
    : format === 'markdown' ? formatMarkdown(report)
    : formatText(report, process.stdout.isTTY === true && !process.env.NO_COLOR);
  await new Promise<void>((resolve) => process.stdout.write(output, () => resolve()));
  const failOn = values['fail-on'] as Severity | undefined;
  const failed = failOn && report.merged.all.some((f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(failOn));
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof UsageError ? `${err.message}\n\n${USAGE}` : err instanceof GitError ? err.message : `unexpected error: ${(err as Error).stack ?? err}`;
    process.stderr.write(`backend-agent: ${message}\n`);
    process.exitCode = 2;
  },
);
