import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/** Probot's public default secret: anyone can sign a webhook with it. */
export const PUBLIC_DEFAULT_SECRET = 'development';

/** Start-up refused; `message` is the one line printed before exiting. */
export class StartupError extends Error {}

export interface ServerSettings {
  appId: number;
  privateKey: string;
  secret: string;
  baseUrl: string;
  host: string;
  port: number;
  webhookPath: string;
  webhookProxy?: string;
}

/**
 * Probot reads `.env` from the working directory and lets it override the shell's variables;
 * the server keeps that behaviour, so the README's "a .env file overrides the shell" stays true.
 */
export function loadDotEnv(env: NodeJS.ProcessEnv, cwd: string): NodeJS.ProcessEnv {
  const file = resolve(cwd, '.env');
  if (!existsSync(file)) return env;
  return { ...env, ...parseEnv(readFileSync(file, 'utf8')) };
}

/** The key text as Probot accepts it: PRIVATE_KEY (raw, one line with \n, or base64) or PRIVATE_KEY_PATH. */
function readPrivateKey(env: NodeJS.ProcessEnv, cwd: string): { key?: string; problem?: string } {
  if (env.PRIVATE_KEY) {
    let key = env.PRIVATE_KEY.trim();
    if (!key.includes('-----BEGIN') && /^[A-Za-z0-9+/=\s]+$/.test(key)) key = Buffer.from(key, 'base64').toString('utf8');
    return { key: key.replace(/\\n/g, '\n') };
  }
  if (env.PRIVATE_KEY_PATH) {
    const file = resolve(cwd, env.PRIVATE_KEY_PATH);
    if (!existsSync(file)) return { problem: `PRIVATE_KEY_PATH points to ${env.PRIVATE_KEY_PATH}, which does not exist` };
    return { key: readFileSync(file, 'utf8') };
  }
  return { problem: 'PRIVATE_KEY (or PRIVATE_KEY_PATH) is not set' };
}

/** Why a key cannot sign GitHub App tokens (RS256), or undefined when it can. */
function keyProblem(key: string): string | undefined {
  try {
    const parsed = createPrivateKey(key);
    if (parsed.asymmetricKeyType !== 'rsa') return `is a ${parsed.asymmetricKeyType} key; GitHub App keys are RSA`;
    return undefined;
  } catch (err) {
    // The decoder's message names no secret, only what is wrong with the format.
    return `is not a valid PEM private key (${String((err as Error).message).split('\n')[0]})`;
  }
}

/**
 * The server's settings from the environment, or a StartupError naming every missing or invalid
 * variable in one line. A production app never runs with Probot's public default secret, without
 * credentials, or with a key that cannot sign: it would accept forged webhooks or drop real ones.
 */
export function readServerEnv(env: NodeJS.ProcessEnv, cwd: string): ServerSettings {
  const problems: string[] = [];
  const appId = Number(env.APP_ID);
  if (!env.APP_ID) problems.push('APP_ID is not set');
  else if (!Number.isSafeInteger(appId) || appId <= 0) problems.push('APP_ID must be the numeric ID of the GitHub App');
  const { key, problem } = readPrivateKey(env, cwd);
  if (problem) problems.push(problem);
  const badKey = key !== undefined ? keyProblem(key) : undefined;
  if (badKey) problems.push(`${env.PRIVATE_KEY ? 'PRIVATE_KEY' : 'PRIVATE_KEY_PATH'} ${badKey}`);
  const secret = env.WEBHOOK_SECRET ?? '';
  if (!secret) problems.push('WEBHOOK_SECRET is not set');
  else if (secret === PUBLIC_DEFAULT_SECRET) problems.push(`WEBHOOK_SECRET is Probot's public default "${PUBLIC_DEFAULT_SECRET}"`);
  const port = env.PORT ? Number(env.PORT) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('PORT must be a port number');
  if (problems.length) throw new StartupError(`backend-agent cannot start: ${problems.join('; ')}. See README "Run the app" (npm start -- --setup registers a new App).`);
  return {
    appId,
    privateKey: key!,
    secret,
    baseUrl: env.GHE_HOST ? `${env.GHE_PROTOCOL || 'https'}://${env.GHE_HOST}/api/v3` : 'https://api.github.com',
    host: env.HOST || 'localhost',
    port,
    webhookPath: env.WEBHOOK_PATH || '/api/github/webhooks',
    webhookProxy: env.WEBHOOK_PROXY_URL || undefined,
  };
}
