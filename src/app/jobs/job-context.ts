import { Context } from 'probot';
import type { Log } from '../../review/logger.js';
import { createOctokitPort } from '../../adapters/github-octokit.js';
import type { GitHubPort } from '../../ports/github.js';
import type { AppServices } from '../probot/app-services.js';
import type { WebhookEventData } from './jobs.js';

export interface JobContext {
  /** Probot's Context for the event, rebuilt in the job (context.config reads the default branch). */
  context: Context;
  github: GitHubPort;
}

/** What every job starts with: an installation token, the event's Context and the GitHub port. */
export async function openJobContext(services: AppServices, event: WebhookEventData, log: Log): Promise<JobContext> {
  const { payload } = event;
  const octokit = await services.probot.auth(payload.installation.id);
  const context = new Context(event as any, octokit, log as any);
  const owner: string = payload.repository.owner.login;
  const repo: string = payload.repository.name;
  return { context, github: createOctokitPort({ octokit: octokit as any, owner, repo, log }) };
}
