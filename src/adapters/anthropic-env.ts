import { z } from 'zod';
import type { LlmPort } from '../ports/llm.js';
import type { Persona } from '../persona/parse-persona.js';
import { loadInstructions, loadPersona, defaultAgentsDir } from '../persona/load-personas.js';
import type { Analyzer } from '../review/analyse/shared/analyzer.js';
import { createLlmAnalyzer, type LlmAnalyzerLimits } from '../review/analyse/llm/llm-analyzer.js';
import type { Log } from '../domain/logger.js';
import { collectSecrets } from '../security/redact-secrets.js';
import type { AnthropicOptions } from './anthropic.js';

const ms = (min: number, max: number) => z.coerce.number().int().min(min).max(max).optional();

/** The environment the AI review reads. Numbers arrive as strings; bad values name their variable. */
const llmEnvSchema = z.object({
  ANTHROPIC_API_KEY: z.string().trim().optional(),
  ANTHROPIC_BASE_URL: z.url().optional(),
  BACKEND_AGENT_MODEL: z.string().trim().optional(),
  /** Until the first byte of an answer, and the longest silence inside a streamed answer. */
  BACKEND_AGENT_LLM_TIMEOUT_MS: ms(100, 600_000),
  /** The whole AI stage of one review. */
  BACKEND_AGENT_LLM_DEADLINE_MS: ms(1000, 1_800_000),
  BACKEND_AGENT_LLM_MAX_RETRIES: ms(0, 10),
  BACKEND_AGENT_LLM_CONCURRENCY: ms(1, 16),
  BACKEND_AGENT_LLM_REQUEST_TOKENS: ms(2000, 1_000_000),
});

export interface AnthropicFromEnv {
  llm: LlmPort;
  model?: string;
  limits: Partial<LlmAnalyzerLimits>;
}

function readLlmEnv(env: Record<string, string | undefined>) {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = llmEnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${String(issue.path[0])}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * The Anthropic adapter built from ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL and the
 * BACKEND_AGENT_LLM_* knobs; undefined without a key. Throws on a malformed value, naming it.
 */
export function createAnthropicFromEnv(env: Record<string, string | undefined> = process.env, log?: Log): AnthropicFromEnv | undefined {
  const values = readLlmEnv(env);
  if (!values.ANTHROPIC_API_KEY) return undefined;
  const timeout = values.BACKEND_AGENT_LLM_TIMEOUT_MS;
  const llm = lazyAnthropicLlm({
    apiKey: values.ANTHROPIC_API_KEY,
    baseURL: values.ANTHROPIC_BASE_URL,
    timeouts: timeout ? { firstByteMs: timeout, idleMs: timeout } : undefined,
    maxRetries: values.BACKEND_AGENT_LLM_MAX_RETRIES,
    log: log?.child({ adapter: 'anthropic' }),
  });
  const limits: Partial<LlmAnalyzerLimits> = {};
  if (values.BACKEND_AGENT_LLM_DEADLINE_MS) limits.deadlineMs = values.BACKEND_AGENT_LLM_DEADLINE_MS;
  if (values.BACKEND_AGENT_LLM_CONCURRENCY) limits.concurrency = values.BACKEND_AGENT_LLM_CONCURRENCY;
  if (values.BACKEND_AGENT_LLM_REQUEST_TOKENS) limits.perRequestTokens = values.BACKEND_AGENT_LLM_REQUEST_TOKENS;
  return { llm, model: values.BACKEND_AGENT_MODEL || undefined, limits };
}

/**
 * Everything the pipeline needs for the persona review, from the environment: the persona and
 * its instructions from `agents/`, the adapter when a key is set, and the secrets to keep out of
 * prompts. `offReason` (e.g. "disabled by --no-llm") turns the AI review off explicitly.
 */
export async function createLlmAnalyzerFromEnv(params: {
  env?: Record<string, string | undefined>;
  log?: Log;
  agentsDir?: string;
  personaName?: string;
  offReason?: string;
  /** A persona read elsewhere (a repository's default branch), instead of the one in `agents/`. */
  persona?: Persona;
}): Promise<Analyzer> {
  const env = params.env ?? process.env;
  const agentsDir = params.agentsDir ?? defaultAgentsDir();
  const persona = params.persona ?? (await loadPersona(params.personaName ?? 'backend-agent', agentsDir));
  const instructions = await loadInstructions('review', agentsDir);
  const built = params.offReason ? undefined : createAnthropicFromEnv(env, params.log);
  return createLlmAnalyzer({
    llm: built?.llm,
    offReason: params.offReason,
    persona,
    instructions,
    model: built?.model ?? (readLlmEnv(env).BACKEND_AGENT_MODEL || undefined),
    secrets: collectSecrets(env),
    limits: built?.limits,
  });
}

/**
 * The SDK takes a third of a second to import; a CLI run or a review without a key should not
 * pay for it. The adapter is built on the first call.
 */
function lazyAnthropicLlm(options: AnthropicOptions): LlmPort {
  let real: Promise<LlmPort> | undefined;
  return {
    async callTool(request) {
      real ??= import('./anthropic.js').then((m) => m.createAnthropicLlm(options));
      return (await real).callTool(request);
    },
  };
}
