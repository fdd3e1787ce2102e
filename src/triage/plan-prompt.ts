import { fenceUntrusted, revealInvisible, sanitiseUntrustedText } from '../security/untrusted.js';
import { renderNumberedDiff } from '../review/analyse/llm/render-diff.js';
import { formatHint } from '../review/analyse/llm/build-prompt.js';
import { estimateTokens } from '../review/analyse/llm/estimate-tokens.js';
import { describeGrounding, describeRouteLine, fitLines } from './match/describe-grounding.js';
import { matchIssue } from './match/match-issue.js';
import type { PlanGrounding } from './plan/plan-grounding.js';

export interface PlanPromptLimits {
  /** Issue or PR description characters sent (after sanitising). */
  maxBodyChars: number;
  /** Diff characters sent for a pull request: whole files, in order, up to this size. */
  maxDiffChars: number;
  /** The whole user message, in estimated tokens: the grounding shrinks to fit. */
  maxTokens: number;
  /** Characters of source excerpts (the route modules the request concerns). */
  maxExcerptChars: number;
}

export const PLAN_PROMPT_DEFAULTS: PlanPromptLimits = { maxBodyChars: 8000, maxDiffChars: 120_000, maxTokens: 40_000, maxExcerptChars: 30_000 };

/** A source file the plan concerns, read from the repository (untrusted). */
export interface Excerpt {
  path: string;
  text: string;
}

/**
 * The user message of a plan request, laid out as agents/instructions/plan.md describes: one
 * trusted line with the boundary and the triage, then fenced, sanitised sections: `request`,
 * `comment`, for an issue the repository's `schema`, `routes`, `models`, `layout` and `files`
 * (excerpts), then `tree`; for a pull request `diff`, `findings` and `work`. Everything inside the
 * fences came from users or the repository. The grounding is cut to the token budget, least
 * relevant first.
 */
export function buildPlanUser(params: { grounding: PlanGrounding; boundary: string; excerpts?: readonly Excerpt[]; limits?: Partial<PlanPromptLimits> }): string {
  const { grounding, boundary } = params;
  const limits = { ...PLAN_PROMPT_DEFAULTS, ...params.limits };
  const { subject, classification, tree } = grounding;
  const fence = (label: string, text: string) => fenceUntrusted({ boundary, label, text });
  const title = sanitiseUntrustedText(subject.title, 300).replace(/\s+/g, ' ') || '(no title)';
  const body = sanitiseUntrustedText(subject.body, limits.maxBodyChars);
  const request = subject.request ? sanitiseUntrustedText(subject.request, 2000) : '';
  const repo = grounding.repo?.grounding;
  const repoNote = repo ? `${repo.tables.length} tables, ${repo.routes.length} routes, ${repo.models.length} models read at ${sanitiseUntrustedText(repo.ref, 100)}` : grounding.changedFiles ? 'the pull request head' : 'not available';
  const treeNote = tree ? `${tree.shown.length} of ${tree.all.size} paths shown${tree.truncated ? ', GitHub truncated the tree' : ''}` : 'not available';
  const areas = classification.areas.length ? classification.areas.join(', ') : 'none';
  const head = [
    `Boundary ${boundary}; subject: ${subject.kind} #${subject.number}; triage: type ${classification.type}, areas ${areas}; repository: ${repoNote}; tree: ${treeNote}.`,
    fence('request', body ? `# ${title}\n\n${body}` : `# ${title}`),
    ...(request ? [fence('comment', request)] : []),
  ];
  const rest: string[] = [];
  if (repo) {
    const matches = matchIssue(repo, `${subject.title}\n${subject.body}\n${subject.request ?? ''}`);
    // The budget left after the fixed parts, shared by the grounding sections in proportion.
    const room = Math.max(4000, (limits.maxTokens - estimateTokens(head.join('\n'))) * 3.5);
    const scale = Math.min(1, room / (28_000 + 12_000 + 8_000 + limits.maxExcerptChars + 10_000));
    const g = describeGrounding(repo, matches, { schema: 28_000 * scale, routes: 12_000 * scale, models: 8_000 * scale });
    rest.push(fence('schema', sanitiseUntrustedText(g.schema, 60_000)), fence('routes', sanitiseUntrustedText(g.routes, 30_000)), fence('models', sanitiseUntrustedText(g.models, 20_000)), fence('layout', sanitiseUntrustedText(g.layout, 4000)));
    const excerpts = fitLines((params.excerpts ?? []).map((e) => `--- ${e.path}\n${revealInvisible(e.text).trimEnd()}`), limits.maxExcerptChars * scale, 'files');
    if (excerpts) rest.push(fence('files', excerpts));
    if (tree) rest.push(fence('tree', sanitiseUntrustedText(fitLines(tree.shown, 10_000 * scale, 'paths'), 12_000)));
  } else if (tree) rest.push(fence('tree', sanitiseUntrustedText(tree.shown.join('\n'), 64_000)));
  if (grounding.changedFiles) rest.push(fence('diff', renderDiffs(grounding.changedFiles, limits.maxDiffChars)));
  const earlier = grounding.earlier?.open.map((o) => `- ${o.path} [${o.category}, ${o.severity}] ${o.rule}: ${o.title} (open at the last review, ${grounding.earlier!.sha.slice(0, 7)})`) ?? [];
  const findings = [...(grounding.findings ?? []).map(formatHint), ...earlier];
  if (findings.length) rest.push(fence('findings', findings.join('\n')));
  const work = grounding.work;
  if (work && (work.routes.length || work.tables.length)) {
    const lines = [
      ...work.routes.map((r) => `route ${describeRouteLine(r.route)}; ${r.testedIn ? `requested in ${r.testedIn}` : 'NO test requests it'}`),
      ...work.tables.map((t) => `table ${t.key} created at ${t.path}:${t.line}; RLS ${t.rls ? 'enabled' : 'DISABLED'}`),
    ];
    rest.push(fence('work', lines.join('\n')));
  }
  return [...head, ...rest].join('\n');
}

function renderDiffs(files: NonNullable<PlanGrounding['changedFiles']>, max: number): string {
  const out: string[] = [];
  let used = 0;
  for (const [i, file] of files.entries()) {
    const text = renderNumberedDiff(file);
    if (used + text.length > max) {
      out.push(`(${files.length - i} more changed files not shown: the diff is over the size of this request)`);
      break;
    }
    out.push(text);
    used += text.length;
  }
  return out.join('\n') || '(no backend files changed)';
}
