import { z } from 'zod';
import type { LlmTool } from '../../../ports/llm.js';
import { CATEGORIES, SEVERITIES } from '../../../domain/types.js';

/**
 * The one way the persona answers a review: a forced `submit_review` call. The schema has no
 * verdict, event or approval field: the model cannot approve, whatever a pull request says.
 * Enum orders matter to fakes that pick the first value: `high` and `async` are real values.
 */
export const REVIEW_TOOL_NAME = 'submit_review';

// Over-long text is cut rather than rejected: a verbose model should not cost the whole review.
const text = (max: number) => z.string().transform((s) => (s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s));

const findingSchema = z.object({
  path: z.string().min(1).describe('The file path exactly as in the diff file header.'),
  line: z.number().int().min(1).max(10_000_000).describe('The new-file line number shown at the left of an added (+) or context line of the diff.'),
  category: z.enum(CATEGORIES).describe('async, security, rls or query.'),
  severity: z.enum(SEVERITIES).describe('high, medium or low (see the severity scale).'),
  title: text(160).pipe(z.string().min(1)).describe('One line naming the problem.'),
  body: text(4000).pipe(z.string().min(1)).describe('What breaks, for whom and when, and how to fix it.'),
  suggestion: text(4000)
    .optional()
    .describe('Only for a mechanical fix: the full replacement text of the cited line, no code fence.'),
});

export const reviewInputSchema = z.object({
  findings: z.array(findingSchema).describe('The problems, most severe first; empty when there are none.'),
  summary: text(2000).describe('Two to four sentences: the overall risk and the most important problem.'),
  plan: z
    .array(text(300))
    .transform((steps) => steps.filter((s) => s.trim()).slice(0, 8))
    .describe('The fixes as ordered imperative steps, most severe first; empty when there are no findings.'),
});

export type ReviewInput = z.infer<typeof reviewInputSchema>;
export type ReviewToolFinding = ReviewInput['findings'][number];

export const reviewTool: LlmTool<ReviewInput> = {
  name: REVIEW_TOOL_NAME,
  description: 'Submit the review of the pull request: findings on lines of the diff, a short summary and an ordered fix plan.',
  schema: reviewInputSchema,
};
