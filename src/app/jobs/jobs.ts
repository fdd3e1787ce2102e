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
