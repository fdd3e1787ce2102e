import { fenceUntrusted, sanitiseUntrustedText } from '../security/untrusted.js';
import { renderNumberedDiff } from '../review/analyse/llm/render-diff.js';
import { formatHint } from '../review/analyse/llm/build-prompt.js';
import type { PlanGrounding } from './plan-grounding.js';

export interface PlanPromptLimits {
  /** Issue or PR description characters sent (after sanitising). */
  maxBodyChars: number;
  /** Diff characters sent for a pull request: whole files, in order, up to this size. */
  maxDiffChars: number;
}

export const PLAN_PROMPT_DEFAULTS: PlanPromptLimits = { maxBodyChars: 8000, maxDiffChars: 120_000 };

/**
 * The user message of a plan request, laid out as agents/instructions/plan.md describes: one
 * trusted line with the boundary and the triage, then fenced, sanitised sections `request`,
 * `comment`, `tree`, and for a pull request `diff` and `findings`. Everything inside the fences
 * came from users or the repository.
 */
export function buildPlanUser(params: { grounding: PlanGrounding; boundary: string; limits?: Partial<PlanPromptLimits> }): string {
  const { grounding, boundary } = params;
  const limits = { ...PLAN_PROMPT_DEFAULTS, ...params.limits };
  const { subject, classification, tree } = grounding;
  const fence = (label: string, text: string) => fenceUntrusted({ boundary, label, text });
  const title = sanitiseUntrustedText(subject.title, 300).replace(/\s+/g, ' ') || '(no title)';
  const body = sanitiseUntrustedText(subject.body, limits.maxBodyChars);
  const request = subject.request ? sanitiseUntrustedText(subject.request, 2000) : '';
  const treeNote = tree ? `${tree.shown.length} of ${tree.all.size} paths shown${tree.truncated ? ', GitHub truncated the tree' : ''}` : 'not available';
  const areas = classification.areas.length ? classification.areas.join(', ') : 'none';
  const sections = [
    `Boundary ${boundary}; subject: ${subject.kind} #${subject.number}; triage: type ${classification.type}, areas ${areas}; tree: ${treeNote}.`,
    fence('request', body ? `# ${title}\n\n${body}` : `# ${title}`),
  ];
  if (request) sections.push(fence('comment', request));
  if (tree) sections.push(fence('tree', sanitiseUntrustedText(tree.shown.join('\n'), 64_000)));
  if (grounding.changedFiles) sections.push(fence('diff', renderDiffs(grounding.changedFiles, limits.maxDiffChars)));
  const earlier = grounding.earlier?.open.map((o) => `- ${o.path} [${o.category}, ${o.severity}] ${o.rule}: ${o.title} (open at the last review, ${grounding.earlier!.sha.slice(0, 7)})`) ?? [];
  const findings = [...(grounding.findings ?? []).map(formatHint), ...earlier];
  if (findings.length) sections.push(fence('findings', findings.join('\n')));
  return sections.join('\n');
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
