import type { ChangeSet, FindingDraft, Note, RepoSnapshot } from '../../../domain/types.js';
import type { Log } from '../../../domain/logger.js';
import type { ReviewSettings } from '../../../config/repo-config.js';

/** Token usage of an LLM-backed analyzer, for the summary footer and the logs. */
export interface LlmUsage {
  model: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export interface AnalyzerContext {
  changeSet: ChangeSet;
  repo: RepoSnapshot;
  settings: ReviewSettings;
  log: Log;
  /** Findings of the analyzers that ran before this one (the static ones feed the LLM). */
  previous: readonly FindingDraft[];
  signal?: AbortSignal;
}

export type AnalyzerStatus = 'ok' | 'partial' | 'skipped' | 'failed';

export interface AnalyzerResult {
  findings: FindingDraft[];
  status: AnalyzerStatus;
  /** Why the analyzer was skipped, failed or only partly ran ("AI review unavailable: overloaded"). */
  detail?: string;
  /** What was not analysed and why, for the summary. */
  notes?: Note[];
  /** Files the analyzer did not look at, with the reason ("not reviewed by AI (budget)"). */
  notReviewed?: { path: string; reason: string }[];
  usage?: LlmUsage;
  /** An overview and an ordered plan, when the analyzer writes one (the persona does). */
  overview?: string;
  plan?: string[];
  /** Findings the analyzer dropped because they were not on the diff. */
  dropped?: number;
}

/** One analyzer: the static engine, the live database stage, the persona on Claude, or anything added later. */
export interface Analyzer {
  name: string;
  kind: 'static' | 'live' | 'llm';
  run(ctx: AnalyzerContext): Promise<AnalyzerResult>;
  /** Releases what the analyzer holds between reviews (the live stage's database engine). */
  close?(): Promise<void>;
}
