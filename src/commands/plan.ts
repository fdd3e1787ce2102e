import { groundIssue, groundPullRequest } from '../triage/gather-grounding.js';
import { makePlan } from '../triage/make-plan.js';
import { renderPlan } from '../triage/render-plan.js';
import { isOwnComment, isSummary } from '../review/memory/markers.js';
import { readSummaryState, type SummaryState } from '../review/memory/summary-state.js';
import type { Command, CommandContext } from './command.js';

/** What the last review of this pull request left open, from its summary's hidden state. */
function lastReview(ctx: CommandContext): SummaryState | null {
  const summary = ctx.comments.find((c) => isSummary(c.body) && isOwnComment(c, ctx.botLogin));
  return readSummaryState(summary?.body);
}

/**
 * `plan [focus]`: what the persona understood, its questions and an ordered plan. On a pull
 * request it is grounded in the diff and the static findings; on an issue in its text and the
 * repository tree.
 */
export const planCommand: Command = {
  verb: 'plan',
  usage: 'plan [what to focus on]',
  summary: 'What I understood, clarifying questions, an ordered plan (files, API, data model and RLS, queries, tests) and the risks. On a pull request it starts from the diff and the review findings.',
  async run(ctx) {
    const { github, subject, settings, log } = ctx;
    const request = ctx.args || undefined;
    const grounding =
      subject.kind === 'pull request'
        ? await groundPullRequest({ github, pr: await github.getPullRequest(subject.number), request, settings, analyzers: await ctx.staticAnalyzers(settings), lastReview: lastReview(ctx), log })
        : await groundIssue({ github, subject: { kind: 'issue', number: subject.number, title: subject.title, body: subject.body, request }, defaultBranch: ctx.defaultBranch, log });
    const persona = ctx.kit.personas.find((p) => p.name === ctx.word);
    const outcome = await makePlan({ kit: ctx.kit, persona, settings, grounding, log, word: ctx.word });
    log.info({ source: outcome.source, type: grounding.classification.type, areas: grounding.classification.areas, steps: outcome.plan.steps.length }, 'plan ready');
    const title = `## Plan for ${subject.kind === 'pull request' ? 'this pull request' : 'this issue'}`;
    return [title, outcome.note ? `> ${outcome.note}` : '', renderPlan(outcome.plan)].filter(Boolean).join('\n\n');
  },
};
