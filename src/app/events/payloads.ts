import { z } from 'zod';

/**
 * The fields of each handled webhook that the app reads, checked before any of them is used.
 * Everything else in a payload passes through untouched (GitHub adds fields over time).
 */
const text = z.string().nullish();
const sha = z.string().regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/, 'expected a commit SHA');
const user = z.looseObject({ login: z.string(), type: z.string().optional() }).nullable();
const repository = z.looseObject({
  name: z.string().min(1),
  owner: z.looseObject({ login: z.string().min(1) }),
  default_branch: z.string().optional(),
});
const installation = z.looseObject({ id: z.number().int().positive() });

const pullRequestEvent = z.looseObject({
  action: z.string(),
  pull_request: z.looseObject({
    number: z.number().int().positive(),
    state: z.string(),
    draft: z.boolean().nullish(),
    title: text,
    body: text,
    head: z.looseObject({ sha }),
    base: z.looseObject({ sha }),
  }),
  repository,
  installation,
});

const issueCommentEvent = z.looseObject({
  action: z.string(),
  comment: z.looseObject({ id: z.number().int().positive(), body: text, user, author_association: z.string().optional(), html_url: text }),
  issue: z.looseObject({ number: z.number().int().positive(), title: text, body: text, html_url: text, pull_request: z.looseObject({}).nullish() }),
  repository,
  installation,
});

const issuesEvent = z.looseObject({
  action: z.string(),
  issue: z.looseObject({ id: z.number().int().positive(), number: z.number().int().positive(), title: text, body: text, user }),
  repository,
  installation,
});

/** Schemas by webhook event name (the `X-GitHub-Event` header). */
export const PAYLOAD_SCHEMAS: Record<string, z.ZodType> = {
  pull_request: pullRequestEvent,
  issue_comment: issueCommentEvent,
  issues: issuesEvent,
};

export type PullRequestPayload = z.infer<typeof pullRequestEvent>;

const describe = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

/**
 * Why a payload cannot be handled, in one short line (a path and what was expected, never the
 * values), or undefined when it can. Events the app does not handle need only be a JSON object.
 */
export function payloadProblem(event: string, payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return `payload must be a JSON object, got ${describe(payload)}`;
  const schema = PAYLOAD_SCHEMAS[event];
  if (!schema) return undefined;
  const result = schema.safeParse(payload);
  if (result.success) return undefined;
  const first = result.error.issues[0];
  const where = first.path.length ? first.path.map(String).join('.') : 'payload';
  const more = result.error.issues.length > 1 ? ` (+${result.error.issues.length - 1} more)` : '';
  return `invalid ${event} payload: ${where}: ${first.message.slice(0, 120)}${more}`;
}
