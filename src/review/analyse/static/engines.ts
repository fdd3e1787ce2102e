import type { AnalyzerContext, AnalyzerResult } from '../analyzer.js';
import type { RuleMeta } from './rule.js';

/** One half of the static engine (Python, SQL): analyses the files it understands. */
export interface StaticEngine {
  name: string;
  rules: readonly RuleMeta[];
  analyse(ctx: AnalyzerContext): Promise<AnalyzerResult>;
}
