import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProbotServer, type ProbotServer, type ProbotServerParams } from '../../adapters/probot-server.js';
import { createBackendAgent, type BackendAgentOptions } from './backend-agent.js';
import { readServerEnv, StartupError } from './server-env.js';
import { createWebhookGuard } from './webhook-guard.js';

export interface StartServerOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Tests: Octokit defaults (retries, throttling) and the analyzers. */
  Octokit?: ProbotServerParams['Octokit'];
  agent?: Omit<BackendAgentOptions, 'env'>;
  /** Tests: a pino logger to read what the server logs. */
  log?: import('pino').Logger;
  /** How long GitHub may take to confirm the credentials at start-up. */
  verifyTimeoutMs?: number;
}

export interface RunningServer {
  port: number;
  /** The server's logger (Probot's). */
  log: ProbotServer['log'];
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Error objects in logs: what and why, never the `event` (the whole payload) an error may carry. */
const errorSerializer = (err: any) => (err && typeof err === 'object' ? { type: err.name, message: String(err.message ?? '').slice(0, 500), status: err.status } : err);

/**
 * Asks GitHub who the app is, with the app's JWT. A 401 means APP_ID and PRIVATE_KEY do not
 * belong together: the server would accept webhooks and fail every job, so it refuses to start.
 * GitHub being slow or down is not the credentials' fault: start anyway, and say so.
 */
async function verifyCredentials(probot: ProbotServer, timeoutMs: number): Promise<void> {
  try {
    await probot.verifyCredentials(timeoutMs);
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 401 || status === 403) throw new StartupError(`backend-agent cannot start: GitHub refused APP_ID and PRIVATE_KEY (HTTP ${status}): the key does not belong to this App, or the App was deleted.`);
    probot.log.warn({ err: errorSerializer(err) }, 'could not confirm the App credentials with GitHub; starting anyway');
  }
}

/** Local development: forwards a smee.io channel to this server when smee-client is installed. */
async function startWebhookProxy(source: string, target: string, log: any): Promise<void> {
  const moduleName = 'smee-client';
  try {
    const { SmeeClient } = await import(moduleName);
    await new SmeeClient({ source, target, logger: log }).start();
    log.info({ target }, 'forwarding webhooks from WEBHOOK_PROXY_URL');
  } catch {
    log.warn(`WEBHOOK_PROXY_URL is set but smee-client is not installed: run \`npx smee-client --url ${source} --target ${target}\``);
  }
}

/**
 * `npm start`: Probot's webhook handling behind the app's own HTTP server, so that every
 * delivery is checked (signature, JSON, payload schema) before Probot or the app reads it.
 * Throws StartupError, with one line to print, when the environment cannot run a real app.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { env } = options;
  const settings = readServerEnv(env, options.cwd);
  const probot = createProbotServer({
    appId: settings.appId,
    privateKey: settings.privateKey,
    secret: settings.secret,
    baseUrl: settings.baseUrl,
    redisUrl: env.REDIS_URL || undefined,
    webhookPath: settings.webhookPath,
    env,
    Octokit: options.Octokit,
    log: options.log,
  });
  // In production only: elsewhere (development, tests) the server makes no call of its own.
  if (env.NODE_ENV === 'production') await verifyCredentials(probot, options.verifyTimeoutMs ?? 10_000);
  const agent = createBackendAgent({ ...options.agent, env });
  await probot.load(agent.app);
  const log = (probot.log as any).child({ name: 'server' }, { serializers: { err: errorSerializer } });

  const guard = createWebhookGuard({ secret: settings.secret, path: settings.webhookPath, log });
  const webhooks = await probot.middleware({ path: settings.webhookPath, log });
  const server: Server = createServer(async (req, res) => {
    try {
      if (await guard(req, res)) return;
      if (await webhooks(req, res)) return;
      if (req.method === 'GET' && (req.url ?? '').split('?')[0] === '/ping') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('PONG');
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Not Found' }));
    } catch (err) {
      log.error({ err, delivery: req.headers['x-github-delivery'] }, 'request failed');
      if (!res.headersSent) res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: settings.port, host: settings.host }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  log.info({ host: settings.host, port, webhookPath: settings.webhookPath }, `Listening on http://${settings.host}:${port}`);
  if (settings.webhookProxy) await startWebhookProxy(settings.webhookProxy, `http://${settings.host}:${port}${settings.webhookPath}`, log);

  return {
    port,
    log: probot.log,
    idle: () => agent.idle(),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await agent.close();
    },
  };
}
