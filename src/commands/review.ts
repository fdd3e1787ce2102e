import { plural } from '../review/shared/markdown.js';
import type { Command } from './command.js';

/**
 * `review`: a fresh, full review of the pull request's head, even if it was reviewed already.
 * Fingerprints still keep it from repeating an inline comment.
 */
export const reviewCommand: Command = {
  verb: 'review',
  usage: 'review',
  summary: 'Pull requests: a fresh full review of the head commit, even if it was reviewed already (comments already posted are not repeated).',
  async run(ctx) {
    const { subject, word } = ctx;
    if (subject.kind !== 'pull request') {
      return `\`/${word} review\` reviews a pull request, and this is an issue. Comment it on a pull request, or ask here for \`/${word} plan\`.`;
    }
    const pr = await ctx.github.getPullRequest(subject.number);
    if (pr.state !== 'open') return `This pull request is ${pr.state}: there is nothing to review.`;
    const outcome = await ctx.review(pr);
    if (outcome.status === 'skipped') return `No review: ${outcome.reason}.`;
    const link = `${subject.htmlUrl}#issuecomment-${outcome.summaryId}`;
    const inline = outcome.inline ? `${plural(outcome.inline, 'new comment')}` : 'no new inline comments';
    const refused = outcome.rejected ? ` (${outcome.rejected} GitHub refused as inline comments are listed in the summary)` : '';
    return `Review posted on \`${pr.headSha.slice(0, 7)}\`: ${inline}${refused}, [summary](${link}) updated.`;
  },
};
