import type { WebhookContext } from '../../ports/installation.js';
import { payloadProblem } from './payloads.js';

/**
 * An error for the webhook layer: its status is the HTTP answer, and it cannot carry the event.
 * @octokit/webhooks assigns `error.event = event` (the whole payload) before logging; here that
 * assignment is ignored, so no log line ever holds a payload.
 */
export function webhookError(message: string, status: number): Error {
  const error = Object.assign(new Error(message), { status });
  Object.defineProperty(error, 'event', { enumerable: false, get: () => undefined, set: () => undefined });
  return error;
}

/**
 * Wraps an event handler: the payload is checked (zod, see payloads.ts) before the handler reads
 * it, a bad one is a 400 with a short reason, and a failure is logged in one line with the
 * delivery id, never with the payload.
 */
export function guardEvent<C extends WebhookContext>(handler: (context: C) => Promise<void>): (context: C) => Promise<void> {
  return async (context) => {
    const log = context.log.child({ delivery: context.id, event: context.name });
    const problem = payloadProblem(context.name, context.payload);
    if (problem) {
      log.warn({ reason: problem }, `webhook refused: ${problem}`);
      throw webhookError(problem, 400);
    }
    try {
      await handler(context);
    } catch (err) {
      const message = String((err as Error)?.message ?? err).split('\n')[0].slice(0, 300);
      log.error({ reason: message }, `webhook handler failed: ${message}`);
      throw webhookError(message, 500);
    }
  };
}
