import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import pino from 'pino';
import { collectFromGit } from '../../review/collect/from-git.js';
import { GitError } from '../../review/collect/git-source.js';
import { reviewChange } from '../../review/review-change.js';
import { createAnalyzers } from '../wiring/create-analyzers.js';
import { RULE_CATALOG } from '../../catalog/index.js';
import { loadRepoConfig } from '../../config/load-repo-setup.js';
import { createWorkingTreeFiles } from '../../adapters/working-tree-files.js';
import { gitCli } from '../../adapters/git-cli.js';
import { formatJson } from '../../review/render/format-json.js';
import { formatText } from '../../review/render/format-text.js';
import { formatSarif } from '../../review/render/format-sarif.js';
import { formatMarkdown } from '../../review/render/format-markdown.js';
import { formatGithub } from '../../review/render/format-github.js';
import { SEVERITIES, type Severity } from '../../domain/types.js';
import { incompleteReasons, type ReviewReport } from '../../review/report/report.js';

const require = createRequire(import.meta.url);
const { version } = require('../../../package.json') as { version: string };

const FORMATS: Record<string, (report: ReviewReport, io: CliIo) => string> = {
  text: (report, io) => formatText(report, io.stdout.isTTY === true && !io.env.NO_COLOR),
  json: (report) => formatJson(report),
  markdown: (report) => formatMarkdown(report),
  sarif: (report) => formatSarif(report, RULE_CATALOG, version),
  github: (report) => formatGithub(report),
};
const FORMAT_NAMES = Object.keys(FORMATS);

const USAGE = `usage: backend-agent review [--base REV] [--head REV | --staged] [--format ${FORMAT_NAMES.join('|')}] [--no-llm] [--no-live-db] [--database-url URL] [--fail-on high|medium|low]

Reviews merge-base(base, head)..head of the git repository in the current directory.
  --base REV      what the change is compared with (default: the upstream branch, else main)
  --head REV      the change (default: HEAD)
  --staged        review what is staged (the index) against HEAD, as a pre-commit hook does
  --format F      text (default), json, markdown (what the app would post), sarif (code scanning)
                  or github (workflow-command annotations for GitHub Actions); the json
                  document follows schema/review-output.schema.json (shipped with the package)
  --no-llm        static rules only, even when ANTHROPIC_API_KEY is set
  --no-live-db    skip the live database stage (replaying the migrations into PostgreSQL)
  --database-url URL  run the live database stage on this PostgreSQL server (default: DATABASE_URL,
                  else an embedded PostgreSQL); each review creates and drops a scratch database
  --fail-on SEV   exit 1 when a finding of this severity or worse is found

Exit status:
  0  the review ran (and, with --fail-on, found nothing at or above the threshold and was complete)
  1  --fail-on: a finding at or above the threshold
  2  an error: not a git repository, an unknown revision, a bad flag, an index with merge
     conflicts (--staged)
  3  --fail-on: nothing at the threshold, but the review is incomplete (a file or a stage could not
     be analysed; the reasons are in the output), so it cannot vouch for the change`;

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
        staged: { type: 'boolean', default: false },
        format: { type: 'string', default: 'text' },
        'no-llm': { type: 'boolean', default: false },
        'no-live-db': { type: 'boolean', default: false },
        'database-url': { type: 'string' },
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
  if (!FORMAT_NAMES.includes(values.format!)) throw new UsageError(`--format must be ${FORMAT_NAMES.slice(0, -1).join(', ')} or ${FORMAT_NAMES.at(-1)}, not "${values.format}"`);
  if (values.staged && (values.base !== undefined || values.head !== undefined)) throw new UsageError('--staged reviews the index against HEAD: it takes no --base or --head');
  if (values['fail-on'] !== undefined && !SEVERITIES.includes(values['fail-on'] as Severity)) throw new UsageError(`--fail-on must be high, medium or low, not "${values['fail-on']}"`);
  return { command: 'review', values };
}

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
}

async function main(argv: string[], io: CliIo): Promise<number> {
  const { command, values } = parse(argv);
  if (command === 'help') return io.stdout.write(`${USAGE}\n`), 0;
  if (command === 'version') return io.stdout.write(`${version}\n`), 0;
  // Logs go to stderr: stdout carries only the report.
  const log = pino({ level: io.env.LOG_LEVEL ?? 'warn', base: undefined }, { write: (line: string) => io.stderr.write(line) });
  const { settings, problems } = await loadRepoConfig(createWorkingTreeFiles(io.cwd));
  const range = values.staged ? { cwd: io.cwd, staged: true } : { cwd: io.cwd, base: values.base, head: values.head };
  const { changeSet, repo } = await collectFromGit(gitCli, range, settings);
  const analyzers = await createAnalyzers({ env: io.env, noLlm: values['no-llm']!, noLiveDb: values['no-live-db'], databaseUrl: values['database-url'], log });
  const report = await reviewChange({ changeSet, repo, analyzers, settings, log, configProblems: problems }).finally(async () => {
    repo.close();
    await Promise.all(analyzers.map((a) => a.close?.()));
  });
  io.stdout.write(FORMATS[values.format!](report, io));
  const failOn = values['fail-on'] as Severity | undefined;
  if (!failOn) return 0;
  if (report.merged.all.some((f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(failOn))) return 1;
  // A gate must not pass a change it could not fully read.
  return incompleteReasons(report).length ? 3 : 0;
}

/** Runs the `backend-agent` command; resolves to the exit status (see USAGE: 0, 1, 2, or 3 when incomplete under --fail-on). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await main(argv, io);
  } catch (err) {
    const message = err instanceof UsageError ? `${err.message}\n\n${USAGE}` : err instanceof GitError ? err.message : `unexpected error: ${(err as Error).stack ?? err}`;
    io.stderr.write(`backend-agent: ${message}\n`);
    return 2;
  }
}
