import type { GitHubPort, IssueComment } from '../../ports/github.js';

/**
 * Creates the one summary comment, or edits it in place: it is never deleted and re-created,
 * so links to it and its place in the conversation stay stable.
 */
export async function upsertSummary(params: { github: GitHubPort; number: number; existing: IssueComment | null; body: string }): Promise<number> {
  const { github, number, existing, body } = params;
  if (existing) {
    if (existing.body !== body) await github.updateIssueComment(existing.id, body);
    return existing.id;
  }
  return (await github.createIssueComment(number, body)).id;
}
