import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_PATH, parseRepoConfig, type ParsedConfig } from './parse-repo-config.js';
import { RULE_IDS } from '../review/analyse/static/catalog/index.js';

/** The CLI reads the config from the working tree it reviews. */
export async function loadLocalConfig(cwd: string): Promise<ParsedConfig> {
  const text = await readFile(join(cwd, CONFIG_PATH), 'utf8').catch(() => null);
  return parseRepoConfig(text, RULE_IDS);
}
