import type { FindingDraft } from '../../domain/types.js';

/**
 * Merges the persona's findings into the static ones. An LLM finding on the same path, side and
 * category as a static finding, on its line (or inside its line range), becomes part of that one
 * comment: the static rule id, title and severity stay (deterministic, and subject to the repo's
 * rule overrides), and the LLM text is appended to enrich the message. The LLM's suggestion is
 * used only when the static finding has none and covers exactly that one line. Other LLM
 * findings pass through. Inputs are not modified; static order is kept, then new LLM findings.
 */
export function mergeWithStatic(staticDrafts: readonly FindingDraft[], llmDrafts: readonly FindingDraft[]): FindingDraft[] {
  const merged = staticDrafts.map((d) => ({ ...d }));
  const extra: FindingDraft[] = [];
  for (const llm of llmDrafts) {
    const target = merged.find((s) => covers(s, llm));
    if (!target) {
      extra.push({ ...llm });
      continue;
    }
    const addition = describeLlm(llm);
    if (!target.message.includes(llm.message.trim())) target.message = `${target.message.trimEnd()}\n\n${addition}`;
    const singleLine = (target.endLine ?? target.line) === target.line && target.line === llm.line;
    if (target.suggestion === undefined && llm.suggestion !== undefined && singleLine) target.suggestion = llm.suggestion;
  }
  return [...merged, ...extra];
}

function covers(staticDraft: FindingDraft, llm: FindingDraft): boolean {
  return (
    staticDraft.path === llm.path &&
    (staticDraft.side ?? 'RIGHT') === (llm.side ?? 'RIGHT') &&
    staticDraft.category === llm.category &&
    llm.line >= staticDraft.line &&
    llm.line <= (staticDraft.endLine ?? staticDraft.line)
  );
}

function describeLlm(llm: FindingDraft): string {
  const title = llm.title.trim().replace(/[.:]$/, '');
  return title ? `**${title}.** ${llm.message.trim()}` : llm.message.trim();
}
