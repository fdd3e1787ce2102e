import type { Log } from '../domain/logger.js';
import type { GitHubPort } from './github.js';
import type { RepoFiles } from './repo-files.js';

/** What the App's jobs work with on one repository: the GitHub port and the owner's files (default branch). */
export interface RepositoryPorts {
  github: GitHubPort;
  files: RepoFiles;
}

/** The App's GitHub side: installation tokens and the App's own identity (adapters/probot-github.ts). */
export interface AppGitHub {
  /** The ports of one repository, with a token of the installation the event came from. */
  openRepository(installationId: number, owner: string, repo: string, log: Log): Promise<RepositoryPorts>;
  /** The App's own login, `slug[bot]`, resolved once; undefined when GitHub would not say. */
  botLogin(): Promise<string | undefined>;
}

/** A webhook delivery as the event handlers see it (Probot's Context has these fields). */
export interface WebhookContext<P = any> {
  id: string;
  name: string;
  payload: P;
  log: Log;
}

/** What the app function needs from the webhook framework it is loaded into (adapters/probot-host.ts). */
export interface WebhookHost {
  log: Log;
  gitHub: AppGitHub;
  /** Calls `handler` for every delivery of these events (`name.action`); a throw answers the webhook with the error. */
  on(events: readonly string[], handler: (context: WebhookContext) => Promise<void>): void;
}
