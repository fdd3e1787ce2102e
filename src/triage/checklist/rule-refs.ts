import { rulesOfStep, type PlanStep } from '../../catalog/index.js';

/**
 * "Rules to check: `id` (title), `id2` (title2)." for a checklist step, in catalogue words: each
 * rule's catalogue entry says which steps name it and where (`plan`).
 */
export function describeRules(step: PlanStep): string {
  const items = rulesOfStep(step).map((r) => `\`${r.id}\` (${r.title})`);
  return `Rules to check: ${items.join(', ')}.`;
}
