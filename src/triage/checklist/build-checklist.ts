import type { Classification } from '../plan/classify-issue.js';
import type { RepoGrounding } from '../grounding/types.js';
import { matchIssue } from '../match/match-issue.js';
import { readRequest } from '../match/read-request.js';
import type { PlanSubject } from '../plan/plan-grounding.js';
import type { Plan } from '../plan/plan-tool.js';
import { buildContext, type PlanContext } from './context.js';
import { finishDraft, type Draft } from './draft.js';
import { groundingLines } from './grounding-lines.js';
import { planChange } from './recipe-change.js';
import { planCreate } from './recipe-create.js';
import { planRead } from './recipe-read.js';
import { planNotify } from './recipe-notify.js';
import { planBug, planPerformance, planSecurity } from './recipe-fix.js';
import { planQuestion } from './recipe-question.js';
import { planUnmatched } from './recipe-unmatched.js';
import { newEntityName } from './new-entity.js';

/** The recipe for a context: by the issue's type, then by the request's main action. */
function draftFor(ctx: PlanContext): Draft {
  const { classification, reading, target } = ctx;
  switch (classification.type) {
    case 'bug':
      return planBug(ctx);
    case 'performance':
      return planPerformance(ctx);
    case 'security':
      return planSecurity(ctx);
    case 'question':
      return planQuestion(ctx);
    default:
      break;
  }
  switch (reading.main) {
    case 'cancel':
    case 'delete':
    case 'update':
      return target ? planChange(ctx, reading.main) : planUnmatched(ctx);
    case 'report':
    case 'list':
      return target ? planRead(ctx) : planUnmatched(ctx);
    case 'notify':
      return target ? planNotify(ctx) : planUnmatched(ctx);
    default:
      return planCreate(ctx);
  }
}

/**
 * The plan without a model: the repository's own tables, routes and files, matched to the
 * request's words, and the steps its verb calls for. Everything it names exists, or is said to be new.
 */
export function buildChecklist(params: { subject: PlanSubject; classification: Classification; grounding: RepoGrounding }): Plan {
  const { subject, grounding } = params;
  const text = [subject.title, subject.body, subject.request ?? ''].join('\n');
  const matches = matchIssue(grounding, text);
  const reading = readRequest(text);
  const ctx = buildContext({ text, grounding, matches, reading, classification: params.classification, newName: newEntityName(matches, reading) });
  return finishDraft(draftFor(ctx), groundingLines(grounding, matches));
}
