import { parse as parseYaml, YAMLParseError } from 'yaml';
import { repoConfigSchema, type ReviewSettings } from './repo-config.js';

export const CONFIG_PATH = '.github/backend-agent.yml';

export interface ParsedConfig {
  settings: ReviewSettings;
  /** Errors and warnings in words a user can act on: the key path, what was expected, what was found. */
  problems: string[];
}

type Issue = { code: string; path: PropertyKey[]; message: string; expected?: string; input?: unknown; keys?: string[] };

const keyPath = (path: readonly PropertyKey[]) => path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}

function explain(issue: Issue): string {
  const at = issue.path.length ? `\`${keyPath(issue.path)}\`` : 'the file';
  if (issue.code === 'invalid_type') return `${at}: expected ${issue.expected}, found ${describe(issue.input)}`;
  if (issue.code === 'invalid_value') return `${at}: ${issue.message.replace(/^Invalid option: /, '')}, found ${describe(issue.input)}`;
  return `${at}: ${issue.message}${issue.input !== undefined ? `, found ${describe(issue.input)}` : ''}`;
}

/** Deletes the innermost mapping key that holds an invalid value, so its default applies. */
function dropInvalid(data: Record<string, unknown>, path: readonly PropertyKey[]): boolean {
  const keyIndex = path.findLastIndex((p) => typeof p === 'string');
  if (keyIndex < 0) return false;
  let parent: any = data;
  for (const p of path.slice(0, keyIndex)) parent = parent?.[p as string];
  if (!parent || typeof parent !== 'object' || !(String(path[keyIndex]) in parent)) return false;
  delete parent[path[keyIndex] as string];
  return true;
}

/**
 * Parses `.github/backend-agent.yml`. An invalid file never stops a review: bad keys fall back
 * to their defaults, the rest of the file still applies, and every problem is reported.
 */
export function parseRepoConfig(text: string | null | undefined, knownRules: readonly string[] = []): ParsedConfig {
  const problems: string[] = [];
  if (!text || !text.trim()) return { settings: repoConfigSchema.parse({}), problems };
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true });
  } catch (err) {
    const line = err instanceof YAMLParseError && err.linePos ? ` at line ${err.linePos[0].line}` : '';
    problems.push(`${CONFIG_PATH} is not valid YAML${line}: ${(err as Error).message.split('\n')[0]}`);
    return { settings: unreadableFileSettings(), problems };
  }
  return parseRepoConfigData(data, knownRules);
}

/** Validates already-parsed config data (config/load-repo-setup.ts parses and merges the files). */
export function parseRepoConfigData(data: unknown, knownRules: readonly string[] = []): ParsedConfig {
  const problems: string[] = [];
  if (data === null || data === undefined) return { settings: repoConfigSchema.parse({}), problems };
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.push(`${CONFIG_PATH}: expected a mapping of settings, found ${describe(data)}`);
    return { settings: unreadableFileSettings(), problems };
  }
  const input = structuredClone(data) as Record<string, unknown>;
  let aiOff = false;
  problems.push(...findUnknownKeys(input).map((k) => `unknown key \`${k}\` ignored`));
  for (let attempt = 0; attempt < 50; attempt++) {
    const result = repoConfigSchema.safeParse(input, { reportInput: true });
    if (result.success) {
      const rules = Object.keys(result.data.rules).filter((r) => knownRules.length && !knownRules.includes(r) && !r.startsWith('ai-'));
      problems.push(...rules.map((r) => `\`rules.${r}\`: no rule has this id; it has no effect`));
      if (aiOff) {
        result.data.llm.enabled = false;
        problems.push('the AI review is off until `llm` is valid: the file may be opting out of it');
      }
      return { settings: result.data, problems };
    }
    let dropped = false;
    for (const issue of result.error.issues as Issue[]) {
      problems.push(explain(issue));
      // An unreadable AI opt-in is an opt-out: the code never reaches Claude on a guess.
      if (issue.path[0] === 'llm' && (issue.path.length === 1 || issue.path[1] === 'enabled')) aiOff = true;
      dropped = dropInvalid(input, issue.path) || dropped;
    }
    if (!dropped) break;
  }
  return { settings: unreadableFileSettings(), problems };
}

/**
 * The settings when the file exists but cannot be understood at all: the defaults, except that no
 * code is sent to Claude, since the file may be opting out of it (`llm.enabled: false`).
 */
function unreadableFileSettings(): ParsedConfig['settings'] {
  const settings = repoConfigSchema.parse({});
  settings.llm.enabled = false;
  return settings;
}

/** Walks the input beside the schema's shape and lists keys the schema does not define. */
function findUnknownKeys(input: Record<string, unknown>): string[] {
  const out: string[] = [];
  const shape = repoConfigSchema.shape as Record<string, any>;
  for (const [key, value] of Object.entries(input)) {
    const field = shape[key];
    if (!field) {
      out.push(key);
      continue;
    }
    const inner = unwrap(field);
    if (inner?.shape && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const sub of Object.keys(value)) if (!(sub in inner.shape)) out.push(`${key}.${sub}`);
    }
  }
  return out;
}

/** The object schema under .default()/.optional() wrappers, if any. */
function unwrap(schema: any): any {
  let s = schema;
  for (let i = 0; i < 5 && s && !s.shape; i++) s = s.def?.innerType ?? s._def?.innerType;
  return s;
}
