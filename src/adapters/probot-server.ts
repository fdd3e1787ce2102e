import type { IncomingMessage, ServerResponse } from 'node:http';
import { Probot, run, type ProbotOctokit } from 'probot';
import type { ProbotApp } from './probot-host.js';

export interface ProbotServerParams {
  appId: string | number;
  privateKey: string;
  secret: string;
  baseUrl?: string;
  redisUrl?: string;
  webhookPath: string;
  /** LOG_LEVEL, LOG_FORMAT, LOG_LEVEL_IN_STRING, LOG_MESSAGE_KEY, SENTRY_DSN, NODE_ENV: Probot's own logging settings. */
  env: NodeJS.ProcessEnv;
  /** Tests: Octokit defaults (retries, throttling). */
  Octokit?: typeof ProbotOctokit;
  /** Tests: a pino logger to read what the server logs. */
  log?: import('pino').Logger;
}

/** Probot as the server needs it: its logger, the app it loads, its webhook middleware and the App's credentials. */
export interface ProbotServer {
  log: import('pino').Logger;
  load(app: ProbotApp): Promise<void>;
  middleware(params: { path: string; log: unknown }): Promise<(req: IncomingMessage, res: ServerResponse) => Promise<boolean>>;
  /** Asks GitHub who the App is, with its JWT; rejects with GitHub's error (its `status`, if any). */
  verifyCredentials(timeoutMs: number): Promise<void>;
}

export function createProbotServer(params: ProbotServerParams): ProbotServer {
  const { env } = params;
  const probot = new Probot({
    appId: params.appId,
    privateKey: params.privateKey,
    secret: params.secret,
    baseUrl: params.baseUrl,
    redisConfig: params.redisUrl,
    webhookPath: params.webhookPath,
    logLevel: (env.LOG_LEVEL as any) || 'info',
    logFormat: env.LOG_FORMAT === 'json' || (!env.LOG_FORMAT && env.NODE_ENV === 'production') ? 'json' : 'pretty',
    logLevelInString: env.LOG_LEVEL_IN_STRING === 'true',
    logMessageKey: env.LOG_MESSAGE_KEY,
    sentryDsn: env.SENTRY_DSN,
    ...(params.Octokit ? { Octokit: params.Octokit } : {}),
    ...(params.log ? { log: params.log } : {}),
  } as ConstructorParameters<typeof Probot>[0]);
  return {
    log: probot.log as unknown as import('pino').Logger,
    load: async (app) => void (await probot.load(app)),
    middleware: ({ path, log }) => probot.getNodeMiddleware({ path, log: log as any }),
    async verifyCredentials(timeoutMs) {
      const octokit = await probot.auth();
      await octokit.request('GET /app', { request: { retries: 0, signal: AbortSignal.timeout(timeoutMs) } });
    },
  };
}

/** Probot's setup flow: registers a new GitHub App from the browser and writes its credentials to .env. */
export async function runProbotSetup(env: NodeJS.ProcessEnv): Promise<void> {
  await run(() => undefined, { env });
}
