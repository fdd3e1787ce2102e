import type { GitHubPort, IssueComment } from '../ports/github.js';
import type { ParsedConfig } from '../config/parse-repo-config.js';
import type { ReviewSettings } from '../config/repo-config.js';
import type { Analyzer } from './analyse/shared/analyzer.js';
import type { Log } from '../domain/logger.js';
import { collectFromPullRequest, type PullRequestInfo } from './collect/from-pull-request.js';
import { reviewChange } from './review-change.js';
import { publishReport, type Published } from './publish/publish-report.js';
import { isOwnComment, isSummary } from './memory/markers.js';
import { readSummaryState } from './memory/summary-state.js';
import { findFixed } from './memory/find-fixed.js';
import { postedFingerprints } from './memory/posted-fingerprints.js';
import { applyChangedSince, findChangedSince } from './collect/changed-since.js';

export interface PullRequestReviewDeps {
  github: GitHubPort;
  /** The repository config from the default branch (never from the PR). */
  loadConfig(): Promise<ParsedConfig>;
  createAnalyzers(settings: ReviewSettings): Promise<Analyzer[]>;
  log: Log;
  /** The app's own login (`slug[bot]`), when known: only its comments are trusted as state. */
  botLogin?: string;
}

export interface PullRequestJob {
  pr: PullRequestInfo & { draft: boolean };
  /** A `/backend-agent review` command: review again even if this head was reviewed. */
  force?: boolean;
  /** A retried job: an earlier attempt may have posted comments before failing. */
  retry?: boolean;
  /** The job's last attempt: transient GitHub failures are reported in the summary, not retried. */
  final?: boolean;
}

export type ReviewOutcome = ({ status: 'reviewed' } & Published) | { status: 'skipped'; reason: string };

/**
 * One pull request review, start to end: config, collect, analyse and merge, publish.
 * Every decision not to post is logged with its reason.
 */
export async function runPullRequestReview(deps: PullRequestReviewDeps, job: PullRequestJob): Promise<ReviewOutcome> {
  const { github, log } = deps;
  const { pr, force = false } = job;
  const started = performance.now();
  const skip = (reason: string): ReviewOutcome => {
    log.info({ decision: 'skipped', reason, githubCalls: github.requestCount() }, `review skipped: ${reason}`);
    return { status: 'skipped', reason };
  };
  const { settings, problems } = await deps.loadConfig();
  if (!settings.enabled) return skip('disabled in .github/backend-agent.yml');
  if (!force && !settings.auto_review) return skip('auto_review is off');
  if (!force && pr.draft && !settings.review_drafts) return skip('draft pull request');

  const comments = await github.listIssueComments(pr.number);
  const summary: IssueComment | null = comments.find((c) => isSummary(c.body) && isOwnComment(c, deps.botLogin)) ?? null;
  const previous = readSummaryState(summary?.body);
  if (!force && previous?.sha === pr.headSha) return skip('this head commit was already reviewed');

  const since = previous && !force ? await findChangedSince({ github, lastSha: previous.sha, headSha: pr.headSha, log }) : null;
  const collected = await collectFromPullRequest({ github, pr, settings });
  const { repo } = collected;
  const changeSet = applyChangedSince(collected.changeSet, since);
  if (changeSet.files.length === 0) return skip('no FastAPI / Supabase backend files changed');

  const posted = summary || job.retry ? await postedFingerprints(github, pr.number, deps.botLogin) : new Set<string>();
  const analyzers = await deps.createAnalyzers(settings);
  const previouslyOpen = new Set(previous?.open.map((o) => o.fp) ?? []);
  const report = await reviewChange({ changeSet, repo, analyzers, settings, log, posted, previouslyOpen, configProblems: problems });
  report.fixed = findFixed(previous?.open ?? [], report.merged.all);
  const refused = repo.refused();
  if (refused.length) report.notes.push({ message: `${refused.length} more repository files were not read (read budget reached); cross-file checks may be incomplete` });

  const published = await publishReport({ github, number: pr.number, report, summary, settings, log, botLogin: deps.botLogin, final: job.final ?? true });
  log.info(
    { decision: 'reviewed', findings: report.merged.all.length, ...published, githubCalls: github.requestCount(), ms: Math.round(performance.now() - started) },
    'review published',
  );
  return { status: 'reviewed', ...published };
}
