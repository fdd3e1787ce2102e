import { generateKeyPairSync, randomUUID } from 'node:crypto';
import pino from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import { createBackendAgent, type BackendAgentOptions } from '../../src/index.js';
import { createLiveStageFromEnv } from '../../src/app/wiring/live-stage.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });

export interface TestAppOptions extends BackendAgentOptions {
  /** Turn Octokit's retry plugin on (with millisecond waits) for tests about retries. */
  retry?: boolean;
}

/**
 * The real app on a real Probot, with GitHub mocked at the wire by the caller (nock). Retry and
 * throttling are off unless a test is about them, and so is the embedded live database stage
 * (starting PGlite takes seconds): a test about it passes `live`.
 */
export async function createTestApp(options: TestAppOptions = {}) {
  const agent = createBackendAgent({ env: {}, retryDelayMs: 1, live: createLiveStageFromEnv({ env: {}, offReason: 'not started in this test' }), ...options });
  const probot = new Probot({
    appId: 1,
    privateKey,
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) as any,
    // A function default sees the options after Probot's own, so these are not overridden.
    Octokit: ProbotOctokit.defaults((instance: any) => ({
      ...instance,
      retry: { enabled: !!options.retry, retryAfterBaseValue: 1 },
      throttle: { ...instance.throttle, enabled: false },
    })),
  });
  await probot.load(agent.app);
  return {
    probot,
    agent,
    /** Delivers a webhook and waits until every job it queued has finished. */
    async receive(name: string, payload: any, id: string = randomUUID()) {
      await probot.receive({ id, name, payload } as any);
      await agent.idle();
    },
  };
}
