import type { Context } from 'probot';
import { parseRepoConfig, parseRepoConfigData, type ParsedConfig } from './parse-repo-config.js';
import { staticRules } from '../review/analyse/static/catalog.js';

const FILE = 'backend-agent.yml';

/**
 * Reads `.github/backend-agent.yml` with Probot's context.config, which reads the default branch
 * (so a pull request cannot change its own rules) and follows `_extends`. Never throws: a file
 * that cannot be read or parsed gives the defaults plus the reason.
 */
export async function loadRepoConfig(context: Pick<Context, 'config'>): Promise<ParsedConfig> {
  const known = staticRules().map((r) => r.id);
  let data: unknown;
  try {
    data = await context.config(FILE);
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    if (/yaml|parse|unexpected|indent|mapping/i.test(message) || (err as { name?: string }).name === 'YAMLException') {
      return { ...parseRepoConfig(null), problems: [`.github/${FILE} is not valid YAML: ${message.split('\n')[0]}`] };
    }
    return { ...parseRepoConfig(null), problems: [`.github/${FILE} could not be read (${message.split('\n')[0]}); using the defaults`] };
  }
  return parseRepoConfigData(data ?? null, known);
}
