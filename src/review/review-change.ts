import type { Analyzer } from './analyse/shared/analyzer.js';
import { runAnalyzers } from './analyse/run-analyzers.js';
import { combineSources } from './merge/combine-sources.js';
import { mergeFindings } from './merge/merge-findings.js';
import type { ReviewSettings } from '../config/repo-config.js';
import type { Log } from '../domain/logger.js';
import type { ReviewReport } from './report/report.js';
import type { ChangeSet, RepoSnapshot } from '../domain/types.js';

export interface ReviewChangeParams {
  changeSet: ChangeSet;
  repo: RepoSnapshot;
  analyzers: readonly Analyzer[];
  settings: ReviewSettings;
  log: Log;
  /** Fingerprints already posted on this PR. */
  posted?: ReadonlySet<string>;
  /** Fingerprints open at the last reviewed head. */
  previouslyOpen?: ReadonlySet<string>;
  configProblems?: string[];
}

/** The platform-independent middle of the pipeline: analyse, then merge. */
export async function reviewChange(params: ReviewChangeParams): Promise<ReviewReport> {
  const { changeSet, settings } = params;
  const runs = await runAnalyzers(params.analyzers, { changeSet, repo: params.repo, settings, log: params.log });
  const merged = mergeFindings({ drafts: combineSources(runs), changeSet, settings, posted: params.posted, previouslyOpen: params.previouslyOpen });
  return { changeSet, merged, runs, configProblems: params.configProblems ?? [], rejected: [], fixed: [], notes: [] };
}
