/** A webhook event as Probot delivers it: plain data, so a job can travel through Redis. */
export interface WebhookEventData {
  id: string;
  name: string;
  payload: any;
}

/** The work the app does after answering a webhook. */
export type AppJob =
  | { kind: 'review'; event: WebhookEventData; force?: boolean }
  | { kind: 'command'; event: WebhookEventData }
  | { kind: 'triage'; event: WebhookEventData };

/** The key that makes a review unique: one review per pull request head commit. */
export function reviewKey(owner: string, repo: string, number: number, headSha: string): string {
  return `${owner}/${repo}#${number}@${headSha}`;
}

/** The key that makes a command unique: one reply per comment, whatever the redeliveries. */
export function commandKey(owner: string, repo: string, number: number, commentId: number): string {
  return `${owner}/${repo}#${number}/comment-${commentId}`;
}

/** The key that makes a triage unique: one per issue. */
export function triageKey(owner: string, repo: string, issueId: number): string {
  return `${owner}/${repo}/issue-${issueId}/triage`;
}
