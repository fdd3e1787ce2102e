import type { WebhookContext } from '../../ports/installation.js';
import type { AppServices } from '../jobs/app-services.js';
import { reviewKey } from '../jobs/jobs.js';

export const PULL_REQUEST_EVENTS = [
  'pull_request.opened',
  'pull_request.reopened',
  'pull_request.synchronize',
  'pull_request.ready_for_review',
] as const;

/** Guards a pull_request event and queues its review; the webhook is answered at once. */
export async function onPullRequest(context: WebhookContext, services: Pick<AppServices, 'queue'>): Promise<void> {
  const { pull_request: pr, repository } = context.payload;
  const log = context.log.child({ delivery: context.id, pr: pr.number, head: pr.head.sha.slice(0, 7) });
  if (pr.state === 'closed') {
    log.info({ decision: 'skipped', reason: 'closed' }, 'review skipped: pull request is closed');
    return;
  }
  const key = reviewKey(repository.owner.login, repository.name, pr.number, pr.head.sha);
  const group = `${repository.owner.login}/${repository.name}#${pr.number}`;
  const result = await services.queue.enqueue(key, { kind: 'review', event: { id: context.id, name: context.name, payload: context.payload } }, { group });
  log.info({ decision: result, job: key, action: context.payload.action }, result === 'queued' ? 'review queued' : 'review skipped: duplicate of a queued or finished review');
}
