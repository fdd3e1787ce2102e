import { z } from 'zod';
import { SEVERITIES } from '../domain/types.js';

/**
 * `.github/backend-agent.yml`, read from the default branch. Every key has a default, so an
 * empty or missing file means "review everything with the built-in rules".
 */
const severity = z.enum(SEVERITIES);
const associations = ['OWNER', 'MEMBER', 'COLLABORATOR', 'CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'FIRST_TIMER', 'NONE', 'MANNEQUIN'] as const;

export const repoConfigSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Turn backend-agent off for this repository.'),
    auto_review: z.boolean().default(true).describe('Review pull requests automatically on open and on every push.'),
    review_drafts: z.boolean().default(false).describe('Also review draft pull requests.'),
    paths: z
      .object({
        include: z.array(z.string()).default([]).describe('Globs of files to review; empty means every backend file.'),
        exclude: z.array(z.string()).default([]).describe('Globs of files never to review.'),
      })
      .default({ include: [], exclude: [] }),
    rules: z
      .record(z.string(), z.enum(['off', ...SEVERITIES]))
      .default({})
      .describe('Per-rule overrides: off, or the severity to report it at.'),
    min_severity: severity.default('low').describe('The lowest severity posted as an inline comment.'),
    max_inline_comments: z
      .number()
      .int()
      .min(0)
      .max(100)
      .default(25)
      .describe('Inline comments per review; the rest are listed in the summary, most severe first.'),
    llm: z
      .object({
        enabled: z.boolean().default(true).describe('Let the persona review on Claude when ANTHROPIC_API_KEY is set.'),
        model: z.string().min(1).optional().describe('Model alias (sonnet, opus, haiku) or a full model id.'),
        max_input_tokens: z
          .number()
          .int()
          .min(1000)
          .max(2_000_000)
          .default(200_000)
          .describe('Hard cap of input tokens sent to Claude per review.'),
      })
      .default({ enabled: true, max_input_tokens: 200_000 }),
    live_db: z
      .enum(['auto', 'off'])
      .default('auto')
      .describe(
        'The live database stage: auto replays the migrations into a real PostgreSQL (embedded, or DATABASE_URL) when a pull request changes SQL or migrations, runs the catalog lints and proves row level security as two users; it also applies the SQL of every plan on the replayed schema and probes its RLS; off skips it (plans then say their SQL is parsed only).',
      ),
    triage: z
      .object({ enabled: z.boolean().default(true).describe('Label new issues and answer them with a plan.') })
      .default({ enabled: true }),
    commands: z
      .object({
        allowed_associations: z
          .array(z.enum(associations))
          .default(['OWNER', 'MEMBER', 'COLLABORATOR'])
          .describe('Author associations whose comments run /backend-agent commands; anyone else runs them only when GitHub reports write access (admin, maintain or write).'),
      })
      .default({ allowed_associations: ['OWNER', 'MEMBER', 'COLLABORATOR'] }),
    check_run: z
      .object({
        enabled: z.boolean().default(true).describe('Publish a "backend-agent" check run per head commit.'),
        fail_on: z
          .enum(['off', ...SEVERITIES])
          .default('off')
          .describe('Conclude the check as failure when a finding reaches this severity.'),
      })
      .default({ enabled: true, fail_on: 'off' }),
  })
  .describe('backend-agent repository configuration (.github/backend-agent.yml)');

export type RepoConfig = z.infer<typeof repoConfigSchema>;
/** The settings one review runs with: the repository config after defaults. */
export type ReviewSettings = RepoConfig;

export function defaultSettings(): ReviewSettings {
  return repoConfigSchema.parse({});
}
