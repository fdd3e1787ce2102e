import { code, fenced, neutralise } from '../review/render/markdown.js';
import type { Plan, PlanFile } from './plan-tool.js';

/**
 * A plan as markdown, in the four sections the persona's workflow asks for. Model text is
 * shown, never interpreted: HTML and comment markers are neutralised, code is fenced.
 */
export const PLAN_SECTIONS = ['What I understood', 'Clarifying questions', 'Plan', 'Risks and rollout'] as const;

// A step must never end the reply halfway through a code block: whole steps are dropped instead.
const DEFAULT_BUDGET = 55_000;

// Inside code, HTML is shown as written, but a comment opener could still forge a hidden marker.
const inert = (text: string) => text.replace(/<!--/g, '<!- -').replace(/-->/g, '- ->');
// Model and issue text: no mentions that ping, no HTML, images or unknown links (see neutralise).
const prose = (text: string) => neutralise(text.trim());
const indent = (text: string, pad: string) => text.split('\n').map((l) => (l ? pad + l : l)).join('\n');

function renderFile(file: PlanFile): string {
  const path = code(inert(file.path));
  if (file.unknown) return `${path} (not in the repository)`;
  return file.new ? `${path} (new)` : path;
}

function renderStep(step: Plan['steps'][number], n: number): string {
  const out = [`${n}. **${prose(step.title).replace(/\n+/g, ' ')}**`];
  if (step.detail?.trim()) out.push(indent(prose(step.detail), '   '));
  const items: string[] = [];
  if (step.files.length) items.push(`**Files**: ${step.files.map(renderFile).join(', ')}`);
  for (const api of step.api) {
    const models = [api.request_model && `request ${code(inert(api.request_model))}`, api.response_model && `response ${code(inert(api.response_model))}`].filter(Boolean).join(', ');
    const statuses = api.status_codes.map((s) => prose(s)).join('; ');
    items.push(`**API**: ${code(inert(`${api.method} ${api.path}`))}${models ? ` · ${models}` : ''}${statuses ? ` · ${statuses}` : ''}`);
  }
  if (step.data_model?.trim()) items.push(`**Data model**: ${prose(step.data_model).replace(/\n+/g, ' ')}`);
  if (step.queries.length) items.push(`**Queries and indexes**:\n${step.queries.map((q) => `  - ${prose(q).replace(/\n+/g, ' ')}`).join('\n')}`);
  if (step.tests.length) items.push(`**Tests**:\n${step.tests.map((t) => `  - ${prose(t).replace(/\n+/g, ' ')}`).join('\n')}`);
  out.push(...items.map((item) => indent(`- ${item}`, '   ')));
  if (step.sql?.trim()) out.push('', indent(fenced(inert(step.sql.trim()), 'sql'), '   '));
  return out.join('\n');
}

/** The plan's markdown, at most `budget` characters (whole steps are left out past it). */
export function renderPlan(plan: Plan, budget = DEFAULT_BUDGET): string {
  const questions = plan.questions.length ? plan.questions.map((q, i) => `${i + 1}. ${prose(q).replace(/\n+/g, ' ')}`).join('\n') : 'None: the request is clear enough to start.';
  const risks = plan.risks.length ? plan.risks.map((r) => `- ${prose(r).replace(/\n+/g, ' ')}`).join('\n') : '- None beyond the usual review.';
  const head = [`### ${PLAN_SECTIONS[0]}`, prose(plan.understood), `### ${PLAN_SECTIONS[1]}`, questions, `### ${PLAN_SECTIONS[2]}`].join('\n\n');
  const tail = [`### ${PLAN_SECTIONS[3]}`, risks].join('\n\n');
  const steps: string[] = [];
  let used = head.length + tail.length + 200;
  for (const [i, step] of plan.steps.entries()) {
    const text = renderStep(step, i + 1);
    if (used + text.length > budget) {
      steps.push(`_${plan.steps.length - i} more steps were left out: the reply would be too long for a GitHub comment._`);
      break;
    }
    steps.push(text);
    used += text.length + 2;
  }
  return [head, steps.join('\n\n'), tail].join('\n\n');
}
