import type { GitHubPort, IssueComment, PullRequestSummary } from '../ports/github.js';
import type { ReviewSettings } from '../config/repo-config.js';
import type { Analyzer } from '../review/analyse/shared/analyzer.js';
import type { Log } from '../domain/logger.js';
import type { ReviewOutcome } from '../review/run-pull-request-review.js';
import type { PlanningKit } from '../triage/planning-kit.js';

/** Where a command was written: an issue, or a pull request's conversation. Title and body are untrusted. */
export interface CommandSubject {
  kind: 'issue' | 'pull request';
  number: number;
  title: string;
  body: string;
  htmlUrl: string;
}

/** What one verb gets to do its work, already authorised. */
export interface CommandContext {
  github: GitHubPort;
  log: Log;
  settings: ReviewSettings;
  kit: PlanningKit;
  /** The command word used (a persona name) and its arguments. */
  word: string;
  args: string;
  subject: CommandSubject;
  defaultBranch: string;
  /** A fresh, full review of the pull request (the per-head dedupe bypassed). */
  review(pr: PullRequestSummary): Promise<ReviewOutcome>;
  /** The deterministic analyzers a plan is grounded in. */
  staticAnalyzers(settings: ReviewSettings): Promise<Analyzer[]>;
  /** The conversation's comments (listed once, for the redelivery check). */
  comments: readonly IssueComment[];
  /** The app's own login, when known: only its summary is trusted. */
  botLogin?: string;
}

/** One verb: its usage line for help, and its work, which returns the reply's markdown. */
export interface Command {
  verb: string;
  usage: string;
  summary: string;
  run(ctx: CommandContext): Promise<string>;
}
