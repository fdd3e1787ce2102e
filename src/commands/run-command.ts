import type { GitHubPort, PullRequestSummary } from '../ports/github.js';
import type { ParsedConfig } from '../config/parse-repo-config.js';
import type { ReviewSettings } from '../config/repo-config.js';
import type { Analyzer } from '../review/analyse/shared/analyzer.js';
import type { Log } from '../domain/logger.js';
import type { ReviewOutcome } from '../review/run-pull-request-review.js';
import { isOwnComment, isReplyTo } from '../review/memory/markers.js';
import { commandWords, type PlanningKit } from '../triage/planning-kit.js';
import { authoriseCommenter, type Commenter } from './authorise.js';
import type { CommandSubject } from './command.js';
import { parseCommand } from './parse-command.js';
import { resolveCommand } from './registry.js';
import { failureReply, postReply } from './reply.js';

export interface CommandDeps {
  github: GitHubPort;
  log: Log;
  /** The repository config from the default branch. */
  loadConfig(): Promise<ParsedConfig>;
  kit: PlanningKit;
  /** The app's own login (`slug[bot]`), when known: only its comments count as replies. */
  botLogin?: string;
  /** A forced review of the pull request through the review pipeline. */
  review(pr: PullRequestSummary): Promise<ReviewOutcome>;
  staticAnalyzers(settings: ReviewSettings): Promise<Analyzer[]>;
}

export interface CommandRequest {
  comment: { id: number; body: string; htmlUrl: string; user: Commenter };
  subject: CommandSubject;
  defaultBranch: string;
}

export type CommandOutcome = { status: 'replied'; verb: string; failed: boolean; replyId: number } | { status: 'ignored'; reason: string };

/**
 * One `/backend-agent <verb>` comment, start to end: parse, config, permission, 👀, redelivery
 * check, the verb's work, one reply. Every decision not to answer is logged with its reason,
 * and nothing reaches a model before the permission check has passed.
 */
export async function runCommand(deps: CommandDeps, request: CommandRequest): Promise<CommandOutcome> {
  const { github, log, kit } = deps;
  const { comment, subject } = request;
  const ignore = (reason: string): CommandOutcome => {
    log.info({ decision: 'ignored', reason, comment: comment.id, author: comment.user.login }, `command ignored: ${reason}`);
    return { status: 'ignored', reason };
  };
  const parsed = parseCommand(comment.body, commandWords(kit));
  if (!parsed) return ignore('not a command');
  const { settings } = await deps.loadConfig();
  if (!settings.enabled) return ignore('disabled in .github/backend-agent.yml');
  const auth = await authoriseCommenter({ github, commenter: comment.user, allowedAssociations: settings.commands.allowed_associations });
  if (!auth.allowed) return ignore(auth.reason);

  // 👀 first, so the author sees at once that the command was taken (GitHub keeps one per user and content).
  await github.addCommentReaction(comment.id, 'eyes').catch((err: unknown) => log.warn({ err }, 'could not react to the command comment'));
  const comments = await github.listIssueComments(subject.number);
  if (comments.some((c) => isOwnComment(c, deps.botLogin) && isReplyTo(c.body, comment.id))) return ignore('already answered (redelivered webhook)');

  const { command, unknown } = resolveCommand(parsed.verb);
  log.info({ verb: parsed.verb, unknown: !!unknown, word: parsed.word, by: auth.by, author: comment.user.login }, 'command accepted');
  let body: string;
  let failed = false;
  try {
    body = await command.run({
      github,
      log,
      settings,
      kit,
      word: parsed.word,
      args: parsed.args,
      subject,
      defaultBranch: request.defaultBranch,
      review: deps.review,
      staticAnalyzers: deps.staticAnalyzers,
      comments,
      botLogin: deps.botLogin,
    });
  } catch (err) {
    log.error({ err, verb: parsed.verb }, 'command failed');
    body = failureReply({ word: parsed.word, verb: command.verb, error: err });
    failed = true;
  }
  const replyId = await postReply({ github, number: subject.number, commentId: comment.id, commentUrl: comment.htmlUrl, body, secrets: kit.secrets });
  log.info({ decision: 'replied', verb: command.verb, failed, reply: replyId, githubCalls: github.requestCount() }, 'command answered');
  return { status: 'replied', verb: command.verb, failed, replyId };
}
