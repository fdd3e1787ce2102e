import type { LlmPort } from '../ports/llm.js';
import type { Persona } from '../persona/parse-persona.js';
import { defaultAgentsDir, loadInstructions, loadPersonas } from '../persona/load-personas.js';
import { createAnthropicFromEnv } from '../adapters/anthropic-env.js';
import { collectSecrets } from '../security/redact-secrets.js';
import type { Log } from '../review/logger.js';
import type { PlanSqlProbe } from './check/sql-check.js';

/** What planning needs from the environment and `agents/`, built once per app. */
export interface PlanningKit {
  /** Undefined without a usable key: plans are then the deterministic checklist. */
  llm?: LlmPort;
  /** Why `llm` is missing, completing "AI planning is off: …". */
  offReason: string;
  /** BACKEND_AGENT_MODEL, when set. */
  envModel?: string;
  /** Every persona under agents/; each name is a command word. */
  personas: Persona[];
  /** agents/instructions/plan.md */
  instructions: string;
  /** Values that must never reach a prompt or a reply. */
  secrets: string[];
  /** The whole model call of one plan ends here. */
  deadlineMs: number;
  /** The live database stage, when installed: applies a plan's migrations and probes their RLS. */
  sqlProbe?: PlanSqlProbe;
}

export const DEFAULT_PERSONA = 'backend-agent';
const PLAN_DEADLINE_MS = 180_000;

/**
 * Loads the personas and the plan instructions and builds the Anthropic adapter from the
 * environment. Never throws: a malformed persona or environment value turns AI planning off,
 * with the reason in every reply and in the log.
 */
export async function createPlanningKit(params: { env: Record<string, string | undefined>; log: Log; agentsDir?: string }): Promise<PlanningKit> {
  const { env, log } = params;
  const dir = params.agentsDir ?? defaultAgentsDir();
  const secrets = collectSecrets(env);
  let personas: Persona[] = [];
  let instructions = '';
  try {
    personas = await loadPersonas(dir);
    instructions = await loadInstructions('plan', dir);
  } catch (err) {
    log.error({ err }, 'personas or plan instructions cannot be loaded; AI planning is off');
    return { offReason: (err as Error).message, personas, instructions, secrets, deadlineMs: PLAN_DEADLINE_MS };
  }
  try {
    const built = createAnthropicFromEnv(env, log);
    if (!built) return { offReason: 'set ANTHROPIC_API_KEY', personas, instructions, secrets, deadlineMs: PLAN_DEADLINE_MS };
    return { llm: built.llm, offReason: '', envModel: built.model, personas, instructions, secrets, deadlineMs: built.limits.deadlineMs ?? PLAN_DEADLINE_MS };
  } catch (err) {
    log.error({ err }, 'the Anthropic environment is malformed; AI planning is off');
    return { offReason: (err as Error).message, personas, instructions, secrets, deadlineMs: PLAN_DEADLINE_MS };
  }
}

/** The command words: every persona's name, or the default when none could be loaded. */
export function commandWords(kit: Pick<PlanningKit, 'personas'>): string[] {
  return kit.personas.length ? kit.personas.map((p) => p.name) : [DEFAULT_PERSONA];
}
