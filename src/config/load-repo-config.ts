import type { Context } from 'probot';
import { parseRepoConfig, parseRepoConfigData, type ParsedConfig } from './parse-repo-config.js';
import { RULE_IDS } from '../review/analyse/static/catalog/index.js';

const FILE = 'backend-agent.yml';

/**
 * The config file exists but GitHub would not send it (5xx, network, 403...). The job fails and
 * is retried: running on the defaults could override an opt-out (`enabled: false`,
 * `llm.enabled: false`) and post a review or send code to Claude against the owner's wish.
 */
export class ConfigUnavailableError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Reads `.github/backend-agent.yml` with Probot's context.config, which reads the default branch
 * (so a pull request cannot change its own rules) and follows `_extends`. A missing file (404,
 * answered by the config plugin as "no config") gives the defaults; a file that is read but
 * cannot be parsed gives the defaults plus the reason, shown in the summary; a file that cannot
 * be read throws ConfigUnavailableError.
 */
export async function loadRepoConfig(context: Pick<Context, 'config' | 'octokit' | 'repo'>): Promise<ParsedConfig> {
  const known = RULE_IDS;
  let data: unknown;
  try {
    data = await context.config(FILE);
  } catch (err) {
    const message = ((err as Error).message ?? String(err)).split('\n')[0];
    // The config plugin's own errors are about the file's content; anything else is the read.
    if (!message.startsWith('[@probot/octokit-plugin-config]')) throw new ConfigUnavailableError(`.github/${FILE} could not be read: ${message}`, (err as { status?: number }).status);
    if (/could not be parsed|yaml/i.test(message)) {
      // The config plugin does not say where the YAML breaks; parse the text again to tell the user.
      const text = await readDefaultBranchText(context).catch(() => null);
      if (text !== null) return parseRepoConfig(text, known);
      return { ...parseRepoConfig(null), problems: [`.github/${FILE} is not valid YAML`] };
    }
    return { ...parseRepoConfig(null), problems: [`.github/${FILE} could not be used (${message}); using the defaults`] };
  }
  return parseRepoConfigData(data ?? null, known);
}

async function readDefaultBranchText(context: Pick<Context, 'octokit' | 'repo'>): Promise<string | null> {
  const { data } = await context.octokit.rest.repos.getContent(context.repo({ path: `.github/${FILE}` }));
  return !Array.isArray(data) && data.type === 'file' && 'content' in data ? Buffer.from(data.content, 'base64').toString('utf8') : null;
}
