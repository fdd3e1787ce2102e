import type { ReviewSettings } from '../config/repo-config.js';
import type { Persona } from '../persona/parse-persona.js';
import { resolveModel } from '../persona/model-alias.js';
import { redactSecrets } from '../security/redact-secrets.js';
import { makeBoundary } from '../security/untrusted.js';
import { buildSystemBlocks } from '../review/analyse/llm/build-prompt.js';
import type { Log } from '../review/logger.js';
import type { PlanGrounding } from './plan-grounding.js';
import type { PlanningKit } from './planning-kit.js';
import { buildPlanUser } from './plan-prompt.js';
import { buildSkeleton } from './plan-skeleton.js';
import { groundPlanPaths } from './ground-paths.js';
import { planTool, type Plan } from './plan-tool.js';

export interface PlanOutcome {
  plan: Plan;
  /** `model`: the persona wrote it; `checklist`: the deterministic plan. */
  source: 'model' | 'checklist';
  /** One line for the top of the reply when the model did not write the plan. */
  note?: string;
}

const MAX_OUTPUT_TOKENS = 8192;

/**
 * A plan for an issue or a pull request: the persona on Claude when a key is set, otherwise
 * (or when the call fails) the deterministic checklist, with a note that says which and why.
 * Never throws for a model failure.
 */
export async function makePlan(params: { kit: PlanningKit; persona?: Persona; settings: ReviewSettings; grounding: PlanGrounding; log: Log; word: string }): Promise<PlanOutcome> {
  const { kit, persona, settings, grounding, log } = params;
  const checklist = (note: string): PlanOutcome => ({ plan: buildSkeleton(grounding), source: 'checklist', note });
  if (!kit.llm || !persona) return checklist(`AI planning is off: ${kit.offReason || 'no persona is loaded'}. This is the deterministic checklist.`);
  if (!settings.llm.enabled) return checklist('AI planning is off: `llm.enabled` is false in `.github/backend-agent.yml`. This is the deterministic checklist.');
  let model: string;
  try {
    model = resolveModel({ repoConfig: settings.llm.model, env: kit.envModel, persona: persona.model }).model;
  } catch (err) {
    return checklist(`AI planning is off: ${(err as Error).message}. This is the deterministic checklist.`);
  }
  const boundary = makeBoundary();
  const system = buildSystemBlocks(persona, kit.instructions).map((b) => ({ ...b, text: redactSecrets(b.text, kit.secrets) }));
  const user = redactSecrets(buildPlanUser({ grounding, boundary }), kit.secrets);
  const started = performance.now();
  const result = await kit.llm.callTool({ model, system, user, tool: planTool, maxOutputTokens: MAX_OUTPUT_TOKENS, signal: AbortSignal.timeout(kit.deadlineMs) });
  const ms = Math.round(performance.now() - started);
  if (!result.ok) {
    log.warn({ reason: result.reason, detail: result.detail, attempts: result.attempts, ms }, 'AI planning failed; replying with the checklist');
    return checklist(`AI planning unavailable: ${result.reason} — the checklist below is the deterministic plan; try again with \`/${params.word} plan\`.`);
  }
  log.info({ model: result.model, ms, ...result.usage, steps: result.value.steps.length }, 'AI plan written');
  return { plan: groundPlanPaths(result.value, grounding.tree), source: 'model' };
}
