import type { WebhookContext } from '../../ports/installation.js';
import type { AppServices } from '../jobs/app-services.js';
import { isBot } from '../../commands/authorise.js';
import { triageKey } from '../jobs/jobs.js';

export const ISSUES_EVENTS = ['issues.opened'] as const;

/** Guards a new issue and queues its triage; the webhook is answered at once. */
export async function onIssueOpened(context: WebhookContext, services: Pick<AppServices, 'queue'>): Promise<void> {
  const { issue, repository } = context.payload;
  const log = context.log.child({ delivery: context.id, issue: issue.number });
  // Dependency dashboards and other bot issues are not requests from people.
  if (isBot(issue.user)) {
    log.info({ decision: 'ignored', reason: 'bot author', author: issue.user?.login }, 'issue ignored: opened by a bot');
    return;
  }
  const key = triageKey(repository.owner.login, repository.name, issue.id);
  const result = await services.queue.enqueue(key, { kind: 'triage', event: { id: context.id, name: context.name, payload: context.payload } });
  log.info({ decision: result, job: key }, result === 'queued' ? 'triage queued' : 'triage skipped: duplicate of a queued or finished triage');
}
