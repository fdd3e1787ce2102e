import type { ReviewSettings } from '../config/repo-config.js';
import type { Persona } from '../persona/parse-persona.js';
import { resolveModel } from '../persona/model-alias.js';
import { redactSecrets } from '../security/redact-secrets.js';
import { makeBoundary } from '../security/untrusted.js';
import { buildSystemBlocks } from '../review/analyse/llm/build-prompt.js';
import type { Log } from '../domain/logger.js';
import { checkPlanSql } from './check/check-plan-sql.js';
import { buildChecklist } from './checklist/build-checklist.js';
import { groundModelPlan } from './ground-paths.js';
import { emptyGrounding } from './grounding/empty-grounding.js';
import { readExcerpts } from './excerpts.js';
import type { PlanGrounding } from './plan/plan-grounding.js';
import type { PlanningKit } from './planning-kit.js';
import { buildPlanUser } from './plan-prompt.js';
import { planTool, type Plan } from './plan/plan-tool.js';
import { buildPullRequestChecklist, findingSteps } from './checklist/pr-checklist.js';

export interface PlanOutcome {
  plan: Plan;
  /** `model`: the persona wrote it; `checklist`: the deterministic plan. */
  source: 'model' | 'checklist';
  /** One line for the top of the reply when the model did not write the plan. */
  note?: string;
}

const MAX_OUTPUT_TOKENS = 12_000;
const OFF = 'This is the deterministic plan, built from the repository\'s schema and routes.';

/** The plan without a model: from the repository for an issue, from the review and the tests for a pull request. */
export function buildDeterministicPlan(grounding: PlanGrounding): Plan {
  if (grounding.subject.kind === 'pull request') return buildPullRequestChecklist(grounding);
  const repo = grounding.repo?.grounding ?? emptyGrounding('the repository could not be read');
  return buildChecklist({ subject: grounding.subject, classification: grounding.classification, grounding: repo });
}

async function askModel(params: { kit: PlanningKit; persona: Persona; settings: ReviewSettings; grounding: PlanGrounding; log: Log; word: string }): Promise<PlanOutcome | { failed: string }> {
  const { kit, persona, settings, grounding, log } = params;
  let model: string;
  try {
    model = resolveModel({ repoConfig: settings.llm.model, env: kit.envModel, persona: persona.model }).model;
  } catch (err) {
    return { failed: `AI planning is off: ${(err as Error).message}. ${OFF}` };
  }
  const boundary = makeBoundary();
  const system = buildSystemBlocks(persona, kit.instructions).map((b) => ({ ...b, text: redactSecrets(b.text, kit.secrets) }));
  const excerpts = grounding.repo ? await readExcerpts(grounding.repo, grounding.subject) : [];
  const user = redactSecrets(buildPlanUser({ grounding, boundary, excerpts }), kit.secrets);
  const started = performance.now();
  const result = await kit.llm!.callTool({ model, system, user, tool: planTool, maxOutputTokens: MAX_OUTPUT_TOKENS, signal: AbortSignal.timeout(kit.deadlineMs) });
  const ms = Math.round(performance.now() - started);
  if (!result.ok) {
    log.warn({ reason: result.reason, detail: result.detail, attempts: result.attempts, ms }, 'AI planning failed; replying with the deterministic plan');
    return { failed: `AI planning unavailable: ${result.reason} — the plan below is the deterministic one; try again with \`/${params.word} plan\`.` };
  }
  log.info({ model: result.model, ms, ...result.usage, steps: result.value.steps.length }, 'AI plan written');
  const plan = groundModelPlan(result.value, { tree: grounding.tree, routes: grounding.repo?.grounding.routes });
  // A pull request's findings are listed by the app, in the review's order, whatever the model wrote.
  if (grounding.subject.kind === 'pull request') plan.steps = [...findingSteps(grounding), ...plan.steps];
  if (grounding.repo) plan.grounding = buildDeterministicPlan(grounding).grounding;
  return { plan, source: 'model' };
}

/**
 * A plan for an issue or a pull request: the persona on Claude when a key is set, otherwise (or
 * when the call fails) the deterministic plan, with a note that says which and why. Either way
 * every SQL block is checked before the plan is shown. Never throws for a model failure.
 */
export async function makePlan(params: { kit: PlanningKit; persona?: Persona; settings: ReviewSettings; grounding: PlanGrounding; log: Log; word: string }): Promise<PlanOutcome> {
  const { kit, persona, settings, grounding, log } = params;
  let outcome: PlanOutcome;
  if (!kit.llm || !persona) outcome = { plan: buildDeterministicPlan(grounding), source: 'checklist', note: `AI planning is off: ${kit.offReason || 'no persona is loaded'}. ${OFF}` };
  else if (!settings.llm.enabled) outcome = { plan: buildDeterministicPlan(grounding), source: 'checklist', note: `AI planning is off: \`llm.enabled\` is false in \`.github/backend-agent.yml\`. ${OFF}` };
  else {
    const asked = await askModel({ kit, persona, settings, grounding, log, word: params.word });
    outcome = 'failed' in asked ? { plan: buildDeterministicPlan(grounding), source: 'checklist', note: asked.failed } : asked;
  }
  const probe = settings.live_db === 'off' ? '`live_db: off` in `.github/backend-agent.yml`' : kit.sqlProbe;
  const plan = await checkPlanSql({ plan: outcome.plan, grounding: grounding.repo?.grounding ?? null, schema: grounding.repo?.schema ?? null, probe, review: kit.sqlReview, log });
  return { ...outcome, plan };
}
