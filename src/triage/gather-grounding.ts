import type { GitHubPort, PullRequestSummary } from '../ports/github.js';
import type { ReviewSettings } from '../config/repo-config.js';
import type { Analyzer } from '../review/analyse/shared/analyzer.js';
import type { Log } from '../domain/logger.js';
import { collectFromPullRequest } from '../review/collect/from-pull-request.js';
import { githubSnapshot } from '../review/collect/github-snapshot.js';
import { reviewChange } from '../review/review-change.js';
import { AREAS, classifyIssue, type Area } from './plan/classify-issue.js';
import type { Category } from '../domain/types.js';
import type { SummaryState } from '../review/memory/summary-state.js';
import { gatherRepo, type GatheredRepo } from './grounding/gather-repo.js';
import type { PlanGrounding, PlanSubject } from './plan/plan-grounding.js';
import { findPullRequestWork } from './pull-request/pr-work.js';
import { buildRepoTree, type RepoTree } from './grounding/repo-paths.js';

const FINDING_AREAS: Record<Category, Area[]> = { async: ['async'], security: ['auth'], rls: ['rls', 'db'], query: ['db', 'performance'] };

/** The tree at a ref (a branch name or a SHA), or null when GitHub will not list it. */
export async function readRepoTree(github: GitHubPort, ref: string, log: Log): Promise<RepoTree | null> {
  try {
    const { entries, truncated } = await github.getTree(ref);
    return buildRepoTree(entries.filter((e) => e.kind !== 'submodule').map((e) => e.path), truncated);
  } catch (err) {
    log.warn({ err, ref }, 'repository tree unavailable; the plan names no existing files');
    return null;
  }
}

export interface RepositoryRead {
  tree: RepoTree | null;
  /** Null when the tree could not be listed or the engines failed on it as a whole. */
  repo: GatheredRepo | null;
}

/**
 * The default branch as the review engines read it: the tree once, then the migrations and the
 * Python modules through the same bounded, cached snapshot the review uses. Never throws.
 */
export async function readRepository(params: { github: GitHubPort; ref: string; log: Log }): Promise<RepositoryRead> {
  const { github, ref, log } = params;
  const tree = await readRepoTree(github, ref, log);
  if (!tree) return { tree, repo: null };
  const snapshot = githubSnapshot(github, ref);
  const paths = [...tree.all];
  try {
    const repo = await gatherRepo({ repo: { listPaths: async () => paths, readText: (p) => snapshot.readText(p) }, ref, log });
    if (tree.truncated) repo.grounding.notes.push('GitHub truncated the tree of this large repository: some files were not seen');
    const refused = snapshot.refused();
    if (refused.length) repo.grounding.notes.push(`${refused.length} files were not read (the read budget of one plan ran out)`);
    return { tree, repo };
  } catch (err) {
    log.warn({ err, ref }, 'the repository could not be read for the plan');
    return { tree, repo: null };
  }
}

/** An issue: its text, the comment's request, and the default branch read by the engines. */
export async function groundIssue(params: { github: GitHubPort; subject: PlanSubject; defaultBranch: string; log: Log; read?: RepositoryRead }): Promise<PlanGrounding> {
  const { subject } = params;
  const read = params.read ?? (await readRepository({ github: params.github, ref: params.defaultBranch, log: params.log }));
  const classification = classifyIssue({ title: subject.title, body: `${subject.body}\n${subject.request ?? ''}` });
  return { subject, classification, tree: read.tree, repo: read.repo };
}

/**
 * A pull request: its backend diff as the review collects it, what the static analyzers find in
 * it (the same findings the review posts), and the routes and tables it adds with the tests it lacks.
 */
export async function groundPullRequest(params: {
  github: GitHubPort;
  pr: PullRequestSummary;
  request?: string;
  settings: ReviewSettings;
  analyzers: readonly Analyzer[];
  /** The state of the last review's summary, if there is one. */
  lastReview?: SummaryState | null;
  log: Log;
}): Promise<PlanGrounding> {
  const { github, pr, settings, log } = params;
  const subject: PlanSubject = { kind: 'pull request', number: pr.number, title: pr.title, body: pr.body, request: params.request };
  const { changeSet, repo } = await collectFromPullRequest({ github, pr, settings });
  const [tree, report] = await Promise.all([
    readRepoTree(github, pr.headSha, log),
    reviewChange({ changeSet, repo, analyzers: params.analyzers, settings, log }),
  ]);
  const work = await findPullRequestWork({ changeSet, repo, paths: tree ? [...tree.all] : await repo.listPaths().catch(() => []), log });
  const classification = classifyIssue({ title: pr.title, body: `${pr.body}\n${params.request ?? ''}`, paths: changeSet.files.map((f) => f.path) });
  // What the review found says more about the areas than the title does.
  const found = new Set<Area>([...classification.areas, ...report.merged.all.flatMap((f) => FINDING_AREAS[f.category])]);
  const fresh = new Set(report.merged.all.map((f) => f.fingerprint));
  const last = params.lastReview;
  const earlier = last ? { sha: last.sha, open: last.open.filter((o) => !fresh.has(o.fp)) } : undefined;
  return { subject, classification: { ...classification, areas: AREAS.filter((a) => found.has(a)) }, tree, changedFiles: changeSet.files, findings: report.merged.all, earlier, work };
}
