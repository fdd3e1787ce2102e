import type { ChangedFile, Finding } from '../../domain/types.js';
import type { SummaryState } from '../../review/memory/summary-state.js';
import type { Classification } from './classify-issue.js';
import type { GatheredRepo } from '../grounding/gather-repo.js';
import type { PullRequestWork } from '../pull-request/pr-work.js';
import type { RepoTree } from '../grounding/repo-paths.js';

/** What a plan is about: an issue, or a pull request. Title and body are untrusted. */
export interface PlanSubject {
  kind: 'issue' | 'pull request';
  number: number;
  title: string;
  body: string;
  /** The words after `plan` in the command comment, if any (untrusted). */
  request?: string;
}

/** Everything a plan is grounded in, gathered before any model is asked. */
export interface PlanGrounding {
  subject: PlanSubject;
  classification: Classification;
  /** The repository tree (default branch for an issue, head for a PR); null when it could not be listed. */
  tree: RepoTree | null;
  /** Issues: the default branch read by the review engines (tables, policies, routes, models); null when it could not be read. */
  repo?: GatheredRepo | null;
  /** Pull requests: the backend files of the diff, and what the static review found in them. */
  changedFiles?: readonly ChangedFile[];
  findings?: readonly Finding[];
  /** Findings still open at the last review (the persona's included) that the static rules do not repeat. */
  earlier?: { sha: string; open: SummaryState['open'] };
  /** Pull requests: the routes and tables it adds, and which of them no test exercises. */
  work?: PullRequestWork;
}
