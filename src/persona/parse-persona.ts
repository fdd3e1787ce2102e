import matter from 'gray-matter';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { toModelId } from './model-alias.js';

/**
 * A persona: a Claude Code subagent file (YAML front matter + the system prompt). `name` is also the
 * comment-command word (`/backend-agent`). Unknown front-matter keys (tools, permissionMode, ...)
 * are kept in `extra` so any subagent file loads.
 */
export interface Persona {
  name: string;
  description: string;
  /** As written: an alias (sonnet, opus, haiku), a full model id, `inherit`, or undefined. */
  model?: string;
  color?: string;
  tools?: string[];
  /** The persona text, the user's words, unchanged except for surrounding blank lines. */
  prompt: string;
  /** Where it came from (a file path, or `owner/repo@sha:path`), for error messages. */
  source: string;
  extra: Record<string, unknown>;
}

export class PersonaError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${source}: ${field === 'front matter' || field === 'text' ? field : `front matter field "${field}"`} ${detail}`);
    this.name = 'PersonaError';
  }
}

// Personas may come from a repository's base branch, so they stay small and plain.
const MAX_PERSONA_CHARS = 64 * 1024;

const frontMatterSchema = z.looseObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and hyphens (it becomes the /command word)'),
  description: z.string().trim().min(1, 'must not be empty'),
  model: z
    .string()
    .trim()
    .refine((v) => v === 'inherit' || toModelId(v) !== undefined, 'must be sonnet, opus, haiku, inherit or a Claude model id')
    .optional(),
  color: z.string().trim().min(1).optional(),
  tools: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((t) => t.trim()).filter(Boolean))
    .optional(),
});

const KNOWN_KEYS = new Set(['name', 'description', 'model', 'color', 'tools']);

// gray-matter evaluates `---js` front matter with eval(); a persona from a pull request's
// repository must never run code, so every engine but YAML refuses.
const refuse = (): never => {
  throw new Error('only YAML front matter is allowed');
};
const SAFE_ENGINES = { yaml: { parse: parseLenientYaml }, javascript: refuse, js: refuse, coffee: refuse, json: refuse };

/**
 * Claude Code subagent files often hold plain one-line values that strict YAML rejects, such as a
 * description with "Examples include: ..." in it. Claude Code reads them, so we do too: when the
 * block is not valid YAML, top-level `key: value` lines whose value is unquoted are re-read as
 * quoted strings, and the block is parsed again. Anything else stays plain YAML.
 */
function parseLenientYaml(block: string): object {
  try {
    return parseYaml(block) as object;
  } catch (error) {
    const quoted = block.replace(/^([A-Za-z_][\w-]*):[ \t]+([^'"\[\]{}|>&*!#\s].*?)[ \t]*$/gm, (_m, key: string, value: string) => `${key}: ${JSON.stringify(value)}`);
    if (quoted === block) throw error;
    return parseYaml(quoted) as object;
  }
}

/** Parses and validates one persona file. Throws PersonaError naming the source and the field. */
export function parsePersona(text: string, source: string): Persona {
  if (text.length > MAX_PERSONA_CHARS) throw new PersonaError(source, 'text', `is over ${MAX_PERSONA_CHARS} characters`);
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  if (!/^---[ \t]*\n/.test(normalised)) throw new PersonaError(source, 'front matter', 'is missing: the file must start with a "---" line');
  let parsed: matter.GrayMatterFile<string>;
  try {
    // Passing options also turns off gray-matter's module-level cache.
    parsed = matter(normalised, { language: 'yaml', engines: SAFE_ENGINES });
  } catch (error) {
    throw new PersonaError(source, 'front matter', `is not valid YAML: ${firstLine(error)}`);
  }
  const data: unknown = parsed.data;
  const result = frontMatterSchema.safeParse(data ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.length ? issue.path.map(String).join('.') : 'front matter';
    const missing = issue.code === 'invalid_type' && issue.path.length === 1 && !hasKey(data, issue.path[0]);
    const detail = missing ? 'is required' : issue.message;
    throw new PersonaError(source, field, detail);
  }
  const prompt = parsed.content.trim();
  if (!prompt) throw new PersonaError(source, 'text', 'is empty: the persona text follows the front matter');
  const { name, description, model, color, tools, ...rest } = result.data;
  const extra = Object.fromEntries(Object.entries(rest).filter(([k]) => !KNOWN_KEYS.has(k)));
  return { name, description, model, color, tools, prompt, source, extra };
}

function hasKey(data: unknown, key: PropertyKey): boolean {
  return typeof data === 'object' && data !== null && Object.prototype.hasOwnProperty.call(data, key);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0];
}
