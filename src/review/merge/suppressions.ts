import type { ChangeSet, FindingDraft } from '../../domain/types.js';

// `# backend-agent: ignore` or `-- backend-agent: ignore[rule-id, other-rule]`, on the flagged
// line or the line above it, like Ruff's noqa: the team decided, the reviewer stays quiet.
const DIRECTIVE = /backend-agent:\s*ignore(?:\[([^\]]*)\])?/i;

function covers(text: string | undefined, rule: string, category: string): boolean {
  const match = text ? DIRECTIVE.exec(text) : null;
  if (!match) return false;
  if (match[1] === undefined) return true;
  const names = match[1].split(',').map((s) => s.trim().toLowerCase());
  return names.includes(rule.toLowerCase()) || names.includes(category);
}

/** Splits drafts into those to report and those a suppression comment in the code silences. */
export function applySuppressions(drafts: readonly FindingDraft[], changeSet: ChangeSet): { kept: FindingDraft[]; suppressed: FindingDraft[] } {
  const lines = new Map(changeSet.files.map((f) => [f.path, f.content?.split('\n') ?? []]));
  const kept: FindingDraft[] = [];
  const suppressed: FindingDraft[] = [];
  for (const d of drafts) {
    const text = (d.side ?? 'RIGHT') === 'RIGHT' ? lines.get(d.path) : undefined;
    const silenced = !!text && (covers(text[d.line - 1], d.rule, d.category) || covers(text[d.line - 2], d.rule, d.category));
    (silenced ? suppressed : kept).push(d);
  }
  return { kept, suppressed };
}
