import type { Analyzer } from './analyzer.js';
import { createStaticAnalyzer } from './static/index.js';
import { createLlmAnalyzerFromEnv } from '../../adapters/anthropic-env.js';
import type { Log } from '../logger.js';
import type { Persona } from '../../persona/parse-persona.js';

export interface CreateAnalyzersParams {
  env: NodeJS.ProcessEnv;
  /** `--no-llm`: the persona is not asked, whatever the environment says. */
  noLlm: boolean;
  log: Log;
  /** The repository's own persona, from its default branch, when it has one. */
  persona?: Persona;
}

/**
 * The analyzers of a review, in order: the static engine first, whose findings feed the persona
 * on Claude. The persona analyzer is always listed: without a key it says why it is off. A
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
  return [createStaticAnalyzer(), persona];
}
