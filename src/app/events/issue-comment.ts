import type { WebhookContext } from '../../ports/installation.js';
import type { AppServices } from '../jobs/app-services.js';
import { isBot } from '../../commands/authorise.js';
import { parseCommand } from '../../commands/parse-command.js';
import { commandKey } from '../jobs/jobs.js';
import { commandWords } from '../../triage/planning-kit.js';

export const ISSUE_COMMENT_EVENTS = ['issue_comment.created'] as const;

/**
 * Guards a new comment on an issue or a pull request and queues its command; the webhook is
 * answered at once. Bots (the app included) are ignored here, so the app never answers itself;
 * who may run a command is checked in the job, which can ask GitHub.
 */
export async function onIssueComment(context: WebhookContext, services: Pick<AppServices, 'queue' | 'planningKit'>): Promise<void> {
  const { comment, issue, repository } = context.payload;
  const log = context.log.child({ delivery: context.id, issue: issue.number, comment: comment.id });
  if (isBot(comment.user)) {
    log.info({ decision: 'ignored', reason: 'bot author', author: comment.user?.login }, 'comment ignored: written by a bot');
    return;
  }
  const command = parseCommand(comment.body, commandWords(await services.planningKit()));
  if (!command) {
    log.debug({ decision: 'ignored', reason: 'not a command' }, 'comment ignored: no command');
    return;
  }
  const key = commandKey(repository.owner.login, repository.name, issue.number, comment.id);
  const group = `${repository.owner.login}/${repository.name}#${issue.number}`;
  const result = await services.queue.enqueue(key, { kind: 'command', event: { id: context.id, name: context.name, payload: context.payload } }, { group });
  log.info(
    { decision: result, job: key, verb: command.verb, author: comment.user?.login, association: comment.author_association },
    result === 'queued' ? 'command queued' : 'command skipped: duplicate of a queued or answered comment',
  );
}
