import type { Context } from 'probot';
import { parseRepoConfig, parseRepoConfigData, type ParsedConfig } from './parse-repo-config.js';
import { staticRules } from '../review/analyse/static/catalog.js';

const FILE = 'backend-agent.yml';

/**
 * Reads `.github/backend-agent.yml` with Probot's context.config, which reads the default branch
 * (so a pull request cannot change its own rules) and follows `_extends`. Never throws: a file
 * that cannot be read or parsed gives the defaults plus the reason.
 */
export async function loadRepoConfig(context: Pick<Context, 'config' | 'octokit' | 'repo'>): Promise<ParsedConfig> {
  const known = staticRules().map((r) => r.id);
  let data: unknown;
  try {
    data = await context.config(FILE);
  } catch (err) {
    const message = ((err as Error).message ?? String(err)).split('\n')[0];
    if (/could not be parsed|yaml/i.test(message)) {
      // The config plugin does not say where the YAML breaks; parse the text again to tell the user.
      const text = await readDefaultBranchText(context).catch(() => null);
      if (text !== null) return parseRepoConfig(text, known);
      return { ...parseRepoConfig(null), problems: [`.github/${FILE} is not valid YAML`] };
    }
    return { ...parseRepoConfig(null), problems: [`.github/${FILE} could not be read (${message}); using the defaults`] };
  }
  return parseRepoConfigData(data ?? null, known);
}

async function readDefaultBranchText(context: Pick<Context, 'octokit' | 'repo'>): Promise<string | null> {
  const { data } = await context.octokit.rest.repos.getContent(context.repo({ path: `.github/${FILE}` }));
  return !Array.isArray(data) && data.type === 'file' && 'content' in data ? Buffer.from(data.content, 'base64').toString('utf8') : null;
}
