import { z } from 'zod';
import type { LlmTool } from '../ports/llm.js';

/**
 * The one way the persona answers a plan request: a forced `submit_plan` call. The fields map
 * one to one onto the sections of the reply (What I understood, Clarifying questions, Plan,
 * Risks and rollout). Over-long text is cut rather than rejected: a verbose model should not
 * cost the whole plan. Enum orders matter to fakes that pick the first value.
 */
export const PLAN_TOOL_NAME = 'submit_plan';

const text = (max: number) => z.string().transform((s) => (s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s));
const list = (max: number, items: number) => z.array(text(max)).transform((xs) => xs.map((x) => x.trim()).filter(Boolean).slice(0, items));

const fileSchema = z.object({
  path: text(300).pipe(z.string().min(1)).describe('A repository path. Existing files exactly as listed in the tree; new files where they belong.'),
  new: z.boolean().default(false).describe('True when the step creates this file.'),
});

const apiSchema = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  path: text(200).describe('The route path, e.g. /notes/{note_id}.'),
  request_model: text(200).optional().describe('The Pydantic request model, e.g. NoteCreate (omit for GET and DELETE).'),
  response_model: text(200).optional().describe('The Pydantic response model, e.g. NoteOut or list[NoteOut].'),
  status_codes: list(120, 8).describe('Each status code with its meaning, e.g. "201 created", "403 not the owner", "404 no such note".'),
});

const stepSchema = z.object({
  title: text(200).pipe(z.string().min(1)).describe('The step as one imperative line.'),
  detail: text(1500).optional().describe('What to do and why, in one to four sentences.'),
  files: z.array(fileSchema).max(20).default([]).describe('The files this step touches.'),
  api: z.array(apiSchema).max(8).default([]).describe('The API contracts this step adds or changes.'),
  data_model: text(1500).optional().describe('Tables, columns, constraints and the migration, in words.'),
  sql: text(4000).optional().describe('A SQL skeleton: the migration, ENABLE ROW LEVEL SECURITY and one policy per operation, with WITH CHECK on writes.'),
  queries: list(400, 8).default([]).describe('The queries this step runs and the indexes they need.'),
  tests: list(400, 10).default([]).describe('pytest + httpx tests, including that another user and anon can neither read nor write the rows.'),
});

export const planInputSchema = z.object({
  understood: text(2000).pipe(z.string().min(1)).describe('What you understood: the goal in two to four sentences, and your assumptions.'),
  questions: list(500, 5).default([]).describe('Clarifying questions whose answer changes the plan, most important first; empty when the request is clear.'),
  steps: z.array(stepSchema).min(1).max(12).describe('The ordered steps.'),
  risks: list(600, 10).default([]).describe('Security, RLS, async and query-performance risks and the rollout, each with how the plan addresses it.'),
});

export type PlanInput = z.infer<typeof planInputSchema>;
export type PlanStep = PlanInput['steps'][number];
export type PlanFile = PlanStep['files'][number] & {
  /** Set after validation: the path is neither in the repository tree nor marked new. */
  unknown?: boolean;
};

export const planTool: LlmTool<PlanInput> = {
  name: PLAN_TOOL_NAME,
  description: 'Submit the plan: what you understood, clarifying questions, ordered steps with files, API contracts, data model, SQL, queries and tests, and the risks.',
  schema: planInputSchema,
};

/** A plan as the reply renders it: the tool's answer, or the deterministic checklist. */
export type Plan = Omit<PlanInput, 'steps'> & { steps: (Omit<PlanStep, 'files'> & { files: PlanFile[] })[] };
