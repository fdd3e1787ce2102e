import type { AnalyzerContext, AnalyzerResult } from '../shared/analyzer.js';
import type { RuleMeta } from './shared/rule.js';

/** One half of the static engine (Python, SQL): analyses the files it understands. */
export interface StaticEngine {
  name: string;
  rules: readonly RuleMeta[];
  analyse(ctx: AnalyzerContext): Promise<AnalyzerResult>;
}
