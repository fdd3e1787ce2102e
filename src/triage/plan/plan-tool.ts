import { z } from 'zod';
import type { LlmTool } from '../../ports/llm.js';
import type { LivePlanVerdict, SqlCheck } from './sql-check.js';

/**
 * The one way the persona answers a plan request: a forced `submit_plan` call. The fields map one
 * to one onto the sections of the reply (What I understood, Clarifying questions, Plan, Migration,
 * API contract, Tests, Risks and rollout). Over-long text is cut rather than rejected: a verbose
 * model should not cost the whole plan. Enum orders matter to fakes that pick the first value.
 */
export const PLAN_TOOL_NAME = 'submit_plan';

const text = (max: number) => z.string().transform((s) => (s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s));
const list = (max: number, items: number) => z.array(text(max)).transform((xs) => xs.map((x) => x.trim()).filter(Boolean).slice(0, items));
const path = () => text(300).pipe(z.string().min(1));

const fileSchema = z.object({
  path: path().describe('A repository path. Existing files exactly as the grounding lists them; new files where their siblings live.'),
  new: z.boolean().default(false).describe('True when the step creates this file.'),
});

const stepSchema = z.object({
  title: text(200).pipe(z.string().min(1)).describe('The step as one imperative line.'),
  detail: text(1500).optional().describe('What to do and why, in one to four sentences, naming the real tables, routes and functions.'),
  files: z.array(fileSchema).max(20).default([]).describe('The files this step touches.'),
  sql: text(3000).optional().describe('A query this step runs (PostgreSQL), e.g. the one set-based UPDATE, with $1, $2 for its values; the app prepares it on the schema the migrations leave. Migrations go in `migrations`.'),
});

const migrationSchema = z.object({
  path: path().describe('The new migration file, in the folder and naming scheme of the existing ones.'),
  new: z.boolean().default(true),
  purpose: text(300).optional().describe('One line: what this migration does.'),
  sql: text(8000).pipe(z.string().min(1)).describe('PostgreSQL DDL that runs as written after the existing migrations (the app applies it, in order, and probes its RLS as two users and anon). Every table it creates has ENABLE ROW LEVEL SECURITY and one policy per operation (Supabase). An index on an existing table is built CONCURRENTLY in a migration of its own.'),
});

const apiSchema = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  path: text(200).describe('The full route path as the app serves it, e.g. /schools/{school_id}/lessons.'),
  new: z.boolean().default(true).describe('False when the route exists already and the plan changes it.'),
  request_model: text(200).optional().describe('The Pydantic request model (omit for GET and DELETE).'),
  response_model: text(200).optional().describe('The Pydantic response model, e.g. LessonOut or list[LessonOut].'),
  auth: text(300).optional().describe('Who may call it and which dependency enforces it.'),
  status_codes: list(160, 8).describe('Each status code with its meaning, e.g. "201 created", "403 not staff of this school".'),
});

const testSchema = z.object({
  path: path().describe('The test module, beside the existing tests.'),
  new: z.boolean().default(true),
  code: text(6000).pipe(z.string().min(1)).describe('A pytest skeleton: one test function per behaviour (the allowed caller, another user or tenant, anon), with the requests and the assertions.'),
});

export const planInputSchema = z.object({
  understood: text(2000).pipe(z.string().min(1)).describe('What you understood: the goal in two to four sentences, the tables and routes involved, and your assumptions.'),
  questions: list(500, 5).default([]).describe('Clarifying questions this request leaves open and whose answer changes the plan, most important first; empty when the request is clear.'),
  steps: z.array(stepSchema).min(1).max(12).describe('The ordered steps.'),
  migrations: z.array(migrationSchema).max(4).default([]).describe('The migration SQL, in the order to apply it.'),
  api: z.array(apiSchema).max(10).default([]).describe('The API contract: every route the plan adds or changes.'),
  tests: z.array(testSchema).max(4).default([]).describe('pytest test skeletons.'),
  risks: list(600, 10).default([]).describe('Security, RLS, async and query-performance risks and the rollout, each with how the plan addresses it.'),
});

export type PlanInput = z.infer<typeof planInputSchema>;
export type PlanStep = PlanInput['steps'][number];
export type PlanApi = PlanInput['api'][number] & {
  /** Set after grounding: the route exists in the repository (file:line), or it was said to exist and does not. */
  at?: string;
  unknown?: boolean;
};
export type PlanFile = PlanStep['files'][number] & {
  /** Set after validation: the path is neither in the repository tree nor marked new. */
  unknown?: boolean;
};
export type PlanMigration = PlanInput['migrations'][number] & { check?: SqlCheck };
export type PlanTest = PlanInput['tests'][number];

export const planTool: LlmTool<PlanInput> = {
  name: PLAN_TOOL_NAME,
  description: 'Submit the plan: what you understood, clarifying questions, ordered steps with files, the migration SQL with RLS, the API contract, pytest skeletons and the risks.',
  schema: planInputSchema,
};

/** A review finding's mechanical fix: replace lines line..endLine of path with text. */
export interface PlanSuggestion {
  path: string;
  line: number;
  endLine?: number;
  text: string;
  /** The fence's info string (python, sql). */
  language: string;
}

/** A plan as the reply renders it: the tool's answer or the deterministic plan, its paths and routes checked, its SQL checked. */
export interface Plan {
  understood: string;
  questions: string[];
  steps: (Omit<PlanStep, 'files'> & { files: PlanFile[]; check?: SqlCheck; suggestion?: PlanSuggestion })[];
  migrations: PlanMigration[];
  api: PlanApi[];
  tests: PlanTest[];
  risks: string[];
  /** Whether the live database stage checked the SQL (each block then has its own verdict), or why not. */
  live?: LivePlanVerdict;
  /** What the plan was grounded in, one line each (trusted: written by the app). */
  grounding?: string[];
}
