import type { ApplicationFunction, Probot } from 'probot';
import type { WebhookHost } from '../ports/installation.js';
import { createProbotGitHub } from './probot-github.js';

/** The function Probot loads (`probot.load`, `probot run dist/index.js`). */
export type ProbotApp = ApplicationFunction;

/**
 * Turns an app written against WebhookHost into the function Probot loads: Probot's logger, its
 * installation tokens (adapters/probot-github.ts) and its event routing. Each Probot `Context`
 * reaches the handler as a WebhookContext (id, name, payload, log), nothing more.
 */
export function probotApp(mount: (host: WebhookHost) => void): ProbotApp {
  return (probot: Probot) =>
    mount({
      log: probot.log,
      gitHub: createProbotGitHub(probot),
      on: (events, handler) => probot.on(events as Parameters<Probot['on']>[0], (context) => handler(context)),
    });
}
