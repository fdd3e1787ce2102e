import type { LlmPort } from '../ports/llm.js';
import type { Persona } from '../persona/parse-persona.js';
import type { PlanSqlProbe, ReviewPlanSql } from './plan/sql-check.js';

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
  /** The review's SQL rules over a plan's migrations; without it plans show the parser check only. */
  sqlReview?: ReviewPlanSql;
}

export const DEFAULT_PERSONA = 'backend-agent';
/** The command words: every persona's name, or the default when none could be loaded. */
export function commandWords(kit: Pick<PlanningKit, 'personas'>): string[] {
  return kit.personas.length ? kit.personas.map((p) => p.name) : [DEFAULT_PERSONA];
}
