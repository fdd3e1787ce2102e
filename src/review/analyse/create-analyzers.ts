import type { Analyzer } from './analyzer.js';
import { createStaticAnalyzer } from './static/index.js';
import type { ReviewSettings } from '../../config/repo-config.js';
import type { Log } from '../logger.js';

export interface CreateAnalyzersParams {
  env: NodeJS.ProcessEnv;
  noLlm: boolean;
  settings: ReviewSettings;
  log: Log;
}

/** The analyzers of one review, in order: the static engine first, its findings feed the persona. */
export async function createAnalyzers(params: CreateAnalyzersParams): Promise<Analyzer[]> {
  void params;
  return [createStaticAnalyzer()];
}
