import type { Persona } from '../../persona/parse-persona.js';
import { defaultAgentsDir, loadInstructions, loadPersonas } from '../../persona/load-personas.js';
import { createAnthropicFromEnv } from '../../adapters/anthropic-env.js';
import { collectSecrets } from '../../security/redact-secrets.js';
import type { Log } from '../../domain/logger.js';
import type { PlanningKit } from '../../triage/planning-kit.js';
import type { PlanSqlProbe } from '../../triage/plan/sql-check.js';
import { reviewPlanSql } from './review-plan-sql.js';

const PLAN_DEADLINE_MS = 180_000;

/**
 * Loads the personas and the plan instructions and builds the Anthropic adapter from the
 * environment; `sqlProbe` is the live database stage the plans' SQL is checked on. Never throws: a malformed persona or environment value turns AI planning off,
 * with the reason in every reply and in the log.
 */
export async function createPlanningKit(params: { env: Record<string, string | undefined>; log: Log; agentsDir?: string; sqlProbe?: PlanSqlProbe }): Promise<PlanningKit> {
  const { env, log, sqlProbe } = params;
  const dir = params.agentsDir ?? defaultAgentsDir();
  const secrets = collectSecrets(env);
  let personas: Persona[] = [];
  let instructions = '';
  try {
    personas = await loadPersonas(dir);
    instructions = await loadInstructions('plan', dir);
  } catch (err) {
    log.error({ err }, 'personas or plan instructions cannot be loaded; AI planning is off');
    return { offReason: (err as Error).message, personas, instructions, secrets, sqlReview: reviewPlanSql, deadlineMs: PLAN_DEADLINE_MS, sqlProbe };
  }
  try {
    const built = createAnthropicFromEnv(env, log);
    if (!built) return { offReason: 'set ANTHROPIC_API_KEY', personas, instructions, secrets, sqlReview: reviewPlanSql, deadlineMs: PLAN_DEADLINE_MS, sqlProbe };
    return { llm: built.llm, offReason: '', envModel: built.model, personas, instructions, secrets, sqlReview: reviewPlanSql, deadlineMs: built.limits.deadlineMs ?? PLAN_DEADLINE_MS, sqlProbe };
  } catch (err) {
    log.error({ err }, 'the Anthropic environment is malformed; AI planning is off');
    return { offReason: (err as Error).message, personas, instructions, secrets, sqlReview: reviewPlanSql, deadlineMs: PLAN_DEADLINE_MS, sqlProbe };
  }
}
