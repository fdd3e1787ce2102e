import type { GitHubPort } from '../ports/github.js';
import type { ParsedConfig } from '../config/parse-repo-config.js';
import type { Log } from '../domain/logger.js';
import { isOwnComment, isTriageOf, triageMarker } from '../review/memory/markers.js';
import { code } from '../review/shared/markdown.js';
import { redactSecrets } from '../security/redact-secrets.js';
import { clip } from '../security/untrusted.js';
import { classifyIssue } from './plan/classify-issue.js';
import { decideBackend } from './decide-backend.js';
import { groundIssue, readRepository } from './gather-grounding.js';
import { concernsElsewhere } from './issue-scope.js';
import { applyLabels, labelsFor } from './labels.js';
import { makePlan, type PlanOutcome } from './make-plan.js';
import { matchIssue } from './match/match-issue.js';
import { readRequest } from './match/read-request.js';
import { DEFAULT_PERSONA, type PlanningKit } from './planning-kit.js';
import { renderPlan } from './render-plan.js';

export interface TriageDeps {
  github: GitHubPort;
  log: Log;
  loadConfig(): Promise<ParsedConfig>;
  kit: PlanningKit;
  botLogin?: string;
}

export interface TriageRequest {
  issue: { id: number; number: number; title: string; body: string };
  defaultBranch: string;
}

export type TriageOutcome = { status: 'skipped'; reason: string } | { status: 'labelled'; labels: string[]; reason: string } | { status: 'planned'; labels: string[]; commentId: number; source: 'model' | 'checklist' };

/** The triage comment: the labels, how to ask again, the note on how the plan was made, the plan. */
export function triageReply(params: { labels: readonly string[]; word: string; outcome: PlanOutcome }): string {
  const { outcome } = params;
  return [
    '## Plan for this issue',
    `Labelled ${params.labels.map(code).join(', ')}. Ask again any time with \`/${params.word} plan\` (people with write access).`,
    outcome.note ? `> ${outcome.note}` : '',
    renderPlan(outcome.plan),
  ]
    .filter(Boolean)
    .join('\n\n');
}

/**
 * A new issue: classify it, read the default branch the way the review does, decide from the
 * repository whether it is backend work, label it (creating missing labels), and, when it is,
 * answer with what the persona understood, its questions and a plan grounded in the repository.
 */
export async function runTriage(deps: TriageDeps, request: TriageRequest): Promise<TriageOutcome> {
  const { github, log, kit } = deps;
  const { issue } = request;
  const skip = (reason: string): TriageOutcome => {
    log.info({ decision: 'skipped', reason, issue: issue.number }, `triage skipped: ${reason}`);
    return { status: 'skipped', reason };
  };
  const { settings } = await deps.loadConfig();
  if (!settings.enabled) return skip('disabled in .github/backend-agent.yml');
  if (!settings.triage.enabled) return skip('triage.enabled is false in .github/backend-agent.yml');
  const comments = await github.listIssueComments(issue.number);
  if (comments.some((c) => isOwnComment(c, deps.botLogin) && isTriageOf(c.body, issue.id))) return skip('already triaged (redelivered webhook)');

  const classification = classifyIssue({ title: issue.title, body: issue.body });
  const read = await readRepository({ github, ref: request.defaultBranch, log });
  const text = `${issue.title}\n${issue.body}`;
  const repo = read.repo?.grounding;
  const decision = decideBackend({
    classification,
    elsewhere: concernsElsewhere({ title: issue.title, body: issue.body }),
    repo: repo?.backend ?? { verdict: 'unknown', evidence: 'the tree could not be listed' },
    matches: repo ? matchIssue(repo, text) : undefined,
    reading: readRequest(text),
  });
  const labels = labelsFor(classification);
  await applyLabels({ github, number: issue.number, labels, log });
  const names = labels.map((l) => l.name);
  if (!decision.backend) {
    log.info({ decision: 'labelled', labels: names, type: classification.type, reason: decision.reason }, `triage: not backend work (${decision.reason}), labels only`);
    return { status: 'labelled', labels: names, reason: decision.reason };
  }

  const grounding = await groundIssue({ github, subject: { kind: 'issue', number: issue.number, title: issue.title, body: issue.body }, defaultBranch: request.defaultBranch, log, read });
  const persona = kit.personas.find((p) => p.name === DEFAULT_PERSONA) ?? kit.personas[0];
  const word = persona?.name ?? DEFAULT_PERSONA;
  const outcome = await makePlan({ kit, persona, settings, grounding, log, word });
  const body = triageReply({ labels: names, word, outcome });
  const { id } = await github.createIssueComment(issue.number, `${clip(redactSecrets(body, kit.secrets), 60_000)}\n\n${triageMarker(issue.id)}`);
  log.info({ decision: 'planned', reason: decision.reason, labels: names, source: outcome.source, comment: id, githubCalls: github.requestCount() }, 'triage answered');
  return { status: 'planned', labels: names, commentId: id, source: outcome.source };
}
