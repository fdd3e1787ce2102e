import { randomBytes } from 'node:crypto';
import { runProbotSetup } from '../../adapters/probot-server.js';
import { loadDotEnv, StartupError } from './server-env.js';
import { startServer, type RunningServer } from './start-server.js';

const SETUP_BANNER =
  'SETUP MODE (npm start -- --setup): this server only registers a new GitHub App through the browser and writes its ' +
  'credentials to .env. It reviews nothing and refuses every webhook. Open the printed URL, then restart with `npm start`.';

/**
 * Registers a new App with Probot's setup flow, only when asked for it. Webhooks are refused
 * there (a random secret nobody knows), so a half-configured server never swallows them.
 */
async function runSetup(env: NodeJS.ProcessEnv): Promise<void> {
  if (env.NODE_ENV === 'production') throw new StartupError('backend-agent: --setup registers a new App from a browser and is not for production (NODE_ENV is production).');
  if (env.APP_ID) throw new StartupError('backend-agent: --setup registers a new App, but APP_ID is already set; unset APP_ID and PRIVATE_KEY (shell and .env) to register another.');
  process.stderr.write(`\n*** ${SETUP_BANNER} ***\n\n`);
  await runProbotSetup({ ...env, APP_ID: '', PRIVATE_KEY: '', PRIVATE_KEY_PATH: '', WEBHOOK_SECRET: randomBytes(32).toString('hex') });
}

/** Stops taking webhooks on SIGTERM / SIGINT, then closes the queue. */
function stopOnSignals(server: RunningServer): void {
  const stop = () => {
    server.log.info('stopping: no new webhooks; closing the job queue');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** `npm start`: returns the process exit code when start-up is refused, else runs until stopped. */
export async function runServer(params: { argv: string[]; env: NodeJS.ProcessEnv; cwd: string }): Promise<number> {
  const env = loadDotEnv(params.env, params.cwd);
  // As with Probot, `.env` also reaches the modules that read process.env directly.
  if (params.env === process.env) Object.assign(process.env, env);
  try {
    if (params.argv.includes('--setup')) await runSetup(env);
    else stopOnSignals(await startServer({ env, cwd: params.cwd }));
    return 0;
  } catch (err) {
    if (!(err instanceof StartupError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
}
