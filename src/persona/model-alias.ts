/**
 * The one table that maps the model aliases a persona (or the repo config, or BACKEND_AGENT_MODEL)
 * may use to current Claude model ids. Update the ids here when a model generation changes.
 */
export const MODEL_ALIASES = {
  sonnet: 'claude-sonnet-5-5',
  opus: 'claude-opus-5-5',
  haiku: 'claude-haiku-4-5',
} as const;

export type ModelAlias = keyof typeof MODEL_ALIASES;

/** Used when nothing names a model (a persona with `model: inherit` or none). */
export const DEFAULT_MODEL_ALIAS: ModelAlias = 'sonnet';

// A full id: only Claude models, so a repository config cannot point the key at anything else.
const MODEL_ID = /^claude-[a-z0-9][a-z0-9.-]{1,80}$/;

/** The model id an alias or full id stands for; undefined when the text is neither. */
export function toModelId(spec: string): string | undefined {
  const value = spec.trim();
  if (Object.prototype.hasOwnProperty.call(MODEL_ALIASES, value)) return MODEL_ALIASES[value as ModelAlias];
  return MODEL_ID.test(value) ? value : undefined;
}

export type ModelSource = 'repo config' | 'BACKEND_AGENT_MODEL' | 'persona' | 'default';

export class ModelSpecError extends Error {
  constructor(
    readonly from: ModelSource,
    readonly spec: string,
  ) {
    super(`${describeSource(from)}: "${spec}" is not a model alias (${Object.keys(MODEL_ALIASES).join(', ')}) or a Claude model id`);
    this.name = 'ModelSpecError';
  }
}

function describeSource(from: ModelSource): string {
  if (from === 'repo config') return '.github/backend-agent.yml llm.model';
  if (from === 'persona') return 'persona front matter field "model"';
  return from;
}

/**
 * Picks the model for a review: repo config > BACKEND_AGENT_MODEL > persona > default. A persona's
 * `inherit` (Claude Code's "use the caller's model") means "not set". An invalid value at the
 * level that wins is an error, not a silent fallback: the user asked for something specific.
 */
export function resolveModel(params: { repoConfig?: string; env?: string; persona?: string }): { model: string; from: ModelSource } {
  const candidates: [ModelSource, string | undefined][] = [
    ['repo config', params.repoConfig],
    ['BACKEND_AGENT_MODEL', params.env],
    ['persona', params.persona === 'inherit' ? undefined : params.persona],
  ];
  for (const [from, spec] of candidates) {
    if (spec === undefined || spec.trim() === '') continue;
    const model = toModelId(spec);
    if (!model) throw new ModelSpecError(from, spec);
    return { model, from };
  }
  return { model: MODEL_ALIASES[DEFAULT_MODEL_ALIAS], from: 'default' };
}
