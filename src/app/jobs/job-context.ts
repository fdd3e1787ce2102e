import type { Log } from '../../domain/logger.js';
import type { RepositoryPorts } from '../../ports/installation.js';
import type { AppServices } from './app-services.js';
import type { WebhookEventData } from './jobs.js';

/** What every job starts with: the GitHub port and the owner's files, with an installation token. */
export function openJobContext(services: Pick<AppServices, 'gitHub'>, event: WebhookEventData, log: Log): Promise<RepositoryPorts> {
  const { payload } = event;
  return services.gitHub.openRepository(payload.installation.id, payload.repository.owner.login, payload.repository.name, log);
}
