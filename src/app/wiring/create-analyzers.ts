import type { Analyzer } from '../../review/analyse/shared/analyzer.js';
import { createStaticAnalyzer } from '../../review/analyse/static/index.js';
import { createLlmAnalyzerFromEnv } from '../../adapters/anthropic-env.js';
import { createLiveStageFromEnv } from './live-stage.js';
import type { Log } from '../../domain/logger.js';
import type { Persona } from '../../persona/parse-persona.js';

export interface CreateAnalyzersParams {
  env: NodeJS.ProcessEnv;
  /** `--no-llm`: the persona is not asked, whatever the environment says. */
  noLlm: boolean;
  log: Log;
  /** The repository's own persona, from its default branch, when it has one. */
  persona?: Persona;
  /** `--no-live-db`: the live database stage is listed as off. */
  noLiveDb?: boolean;
  /** `--database-url`: the live stage uses this server instead of DATABASE_URL or the embedded engine. */
  databaseUrl?: string;
  /** A live stage built once per process (the app): its engine and concurrency limit are shared by every review. */
  live?: Analyzer;
}

/**
 * The analyzers of a review, in order: the static engine first, then the live database stage (its
 * findings merge into the static ones), whose findings feed the persona on Claude. The persona analyzer is always listed: without a key it says why it is off. A
 * malformed environment value or persona file is logged and shown in every summary, but never
 * costs the static review.
 */
export async function createAnalyzers(params: CreateAnalyzersParams): Promise<Analyzer[]> {
  let persona: Analyzer;
  try {
    persona = await createLlmAnalyzerFromEnv({ env: params.env, log: params.log, persona: params.persona, offReason: params.noLlm ? 'disabled by --no-llm' : undefined });
  } catch (err) {
    const detail = `AI review off: ${(err as Error).message}`;
    params.log.error({ err }, 'the AI review cannot start');
    persona = { name: 'backend-agent', kind: 'llm', run: async () => ({ findings: [], status: 'failed', detail }) };
  }
  const live = params.live ?? createLiveStageFromEnv({ env: params.env, databaseUrl: params.databaseUrl, offReason: params.noLiveDb ? 'disabled by --no-live-db' : undefined });
  return [createStaticAnalyzer(), live, persona];
}
