import { parse as parseYaml } from 'yaml';
import { NotAFileError, type RepoFiles } from '../ports/repo-files.js';
import { CONFIG_PATH, parseRepoConfig, parseRepoConfigData, type ParsedConfig } from './parse-repo-config.js';
import { RULE_IDS } from '../catalog/index.js';
import { parsePersona, type Persona } from '../persona/parse-persona.js';
import { mergeConfigs } from './merge-configs.js';

/**
 * The config file exists but could not be read (5xx, network, 403...). The job fails and is
 * retried: running on the defaults could override an opt-out (`enabled: false`,
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

/** The files were read but say something the loader cannot use (`_extends` malformed or looping): the defaults, and why. */
class ConfigContentError extends Error {}

const firstLine = (err: unknown) => String((err as Error)?.message ?? err).split('\n')[0];
const EXTENDS = /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?([-_.\w\d]+)(?::([-_./\w\d]+\.ya?ml))?$/i;

interface ConfigFile {
  where: string;
  text: string;
  /** The YAML's data (without `_extends`), undefined when the text is not YAML. */
  data: unknown;
}

/**
 * Reads `.github/backend-agent.yml` where the owner keeps it: on GitHub the default branch (so a
 * pull request cannot change its own rules), else the owner's `.github` repository, following
 * `_extends: [owner/]repo[:path]` (later files give way to the repository's own, lists are
 * joined); for the CLI, the working tree. None gives the defaults; a file that is read but cannot
 * be parsed gives the defaults plus the reason, shown in the summary; a file that cannot be read
 * (anything but a 404) throws ConfigUnavailableError.
 */
export async function loadRepoConfig(files: RepoFiles): Promise<ParsedConfig> {
  let chain: ConfigFile[];
  try {
    chain = await readChain(files);
  } catch (err) {
    if (err instanceof ConfigContentError || err instanceof NotAFileError) return { ...parseRepoConfig(null), problems: [`${CONFIG_PATH} could not be used (${firstLine(err)}); using the defaults`] };
    throw new ConfigUnavailableError(`${CONFIG_PATH} could not be read: ${firstLine(err)}`, (err as { status?: number }).status);
  }
  if (!chain.length) return parseRepoConfigData(null, RULE_IDS);
  const datas: unknown[] = [];
  for (const file of chain) {
    // A broken file anywhere in the chain: its own YAML error, as for a single file.
    if (file.data === undefined) return parseRepoConfig(file.text, RULE_IDS);
    datas.push(file.data);
  }
  return parseRepoConfigData(mergeConfigs(datas.reverse()), RULE_IDS);
}

/** The repository's file (or the owner's `.github` one), then each `_extends` it names, in order. */
async function readChain(files: RepoFiles): Promise<ConfigFile[]> {
  let text = await files.getFile(CONFIG_PATH);
  let where = files.label;
  const [owner, repo] = files.label.split('/');
  if (text === null && files.elsewhere && repo !== '.github') {
    where = `${owner}/.github`;
    text = await files.elsewhere(owner, '.github').getFile(CONFIG_PATH);
  }
  if (text === null) return [];
  const chain: ConfigFile[] = [{ where, text, data: parseOrNull(text) }];
  const seen = new Set([`${where}:${CONFIG_PATH}`]);
  for (;;) {
    const data = chain.at(-1)!.data;
    const value = data && typeof data === 'object' ? (data as Record<string, unknown>)._extends : undefined;
    if (value === undefined) return chain;
    const match = typeof value === 'string' ? EXTENDS.exec(value) : null;
    if (!match) throw new ConfigContentError(`invalid _extends ${JSON.stringify(value)} in ${chain.at(-1)!.where}`);
    if (!files.elsewhere) throw new ConfigContentError(`_extends ${JSON.stringify(value)} names another repository, which cannot be read here`);
    const target = { owner: match[1] || owner, repo: match[2], path: match[3] || CONFIG_PATH };
    const key = `${target.owner}/${target.repo}:${target.path}`;
    if (seen.has(key)) throw new ConfigContentError(`_extends loops back to ${key}`);
    seen.add(key);
    const next = await files.elsewhere(target.owner, target.repo).getFile(target.path);
    if (next === null) return chain;
    chain.push({ where: `${target.owner}/${target.repo}`, text: next, data: parseOrNull(next) });
  }
}

/** The YAML's data with `_extends` removed; undefined when the text is not YAML. */
function parseOrNull(text: string): unknown {
  try {
    const data = parseYaml(text) ?? {};
    if (data && typeof data === 'object' && !Array.isArray(data)) {
      const { _extends, ...rest } = data as Record<string, unknown>;
      return Object.defineProperty(rest, '_extends', { value: _extends, enumerable: false });
    }
    return data;
  } catch {
    return undefined;
  }
}

/** Where a repository keeps its own copy of the persona (Claude Code's subagent folder). */
export const repoPersonaPath = (name: string) => `.claude/agents/${name}.md`;

/**
 * The repository's own persona, read where the config is (never from the pull request, so a PR
 * cannot rewrite its reviewer). None when the file is absent; a problem when it is invalid or
 * cannot be read, in which case the built-in persona reviews.
 */
export async function loadRepoPersona(files: RepoFiles, name: string): Promise<{ persona?: Persona; problem?: string }> {
  const path = repoPersonaPath(name);
  let text: string | null;
  try {
    text = await files.getFile(path);
  } catch (err) {
    if (err instanceof NotAFileError) return {};
    return { problem: `${path} could not be read (${firstLine(err)}); the built-in persona reviewed` };
  }
  if (text === null) return {};
  try {
    const persona = parsePersona(text, `${files.label}:${path}`);
    if (persona.name !== name) return { problem: `${path}: front matter field "name" is "${persona.name}", expected "${name}"; the built-in persona reviewed` };
    return { persona };
  } catch (err) {
    return { problem: `${(err as Error).message}; the built-in persona reviewed` };
  }
}
