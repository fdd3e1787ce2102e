import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultSettings } from '#app/config/repo-config.js';
import { loadInstructions, loadPersona, defaultAgentsDir } from '#app/persona/load-personas.js';
import { emptyUsage, toolInputSchema, type LlmPort, type LlmRequest } from '#app/ports/llm.js';
import { estimateTokens, TOOL_USE_OVERHEAD_TOKENS } from '#app/review/analyse/llm/estimate-tokens.js';
import { createLlmAnalyzer } from '#app/review/analyse/llm/llm-analyzer.js';
import { silentLog } from '#app/domain/logger.js';
import { memorySnapshot } from '#app/review/memory-snapshot.js';
import type { ChangeSet } from '#app/domain/types.js';
import { changeSetFromDirs } from './change-set-from-dirs.js';

/**
 * Prompt tokens per review for every bench case: the real analyzer builds its real requests
 * against a recording port (nothing is sent), and the estimate is compared with
 *  - the diff itself (unified patches with file headers), and the goal
 *    prompt <= 1.5 × diff + fixed prefix (system prompt + tool schema + tool-use overhead);
 *  - a naive prompt: the same prefix plus every changed file in full (head text) and its patch.
 * All figures are local estimates (characters / 3.5, see estimate-tokens.ts).
 */
export interface PromptTokenRow {
  caseId: string;
  files: number;
  requests: number;
  diffTokens: number;
  /** The fixed, cacheable prefix of every request. */
  prefixTokens: number;
  /** The per-review part: framing, PR text and the numbered, fenced diff. */
  userTokens: number;
  /** All input tokens of the review: prefix × requests + user parts. */
  promptTokens: number;
  naiveTokens: number;
  withinGoal: boolean;
}

export async function measurePromptTokens(params: { casesDir: string; agentsDir?: string }): Promise<PromptTokenRow[]> {
  const agentsDir = params.agentsDir ?? defaultAgentsDir();
  const persona = await loadPersona('backend-agent', agentsDir);
  const instructions = await loadInstructions('review', agentsDir);
  const ids = (await readdir(params.casesDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const rows: PromptTokenRow[] = [];
  for (const caseId of ids) {
    const dir = join(params.casesDir, caseId);
    const changeSet = await changeSetFromDirs({ baseDir: join(dir, 'base'), headDir: join(dir, 'head'), title: caseId });
    rows.push(await measureCase({ caseId, changeSet, persona, instructions }));
  }
  return rows;
}

async function measureCase(params: { caseId: string; changeSet: ChangeSet; persona: Awaited<ReturnType<typeof loadPersona>>; instructions: string }): Promise<PromptTokenRow> {
  const { caseId, changeSet } = params;
  const sent: LlmRequest<unknown>[] = [];
  const recorder: LlmPort = {
    async callTool<T>(request: LlmRequest<T>) {
      sent.push(request as LlmRequest<unknown>);
      return { ok: true as const, value: { findings: [], summary: '', plan: [] } as T, usage: emptyUsage(), stopReason: 'tool_use', model: request.model, attempts: 1 };
    },
  };
  const analyzer = createLlmAnalyzer({ llm: recorder, persona: params.persona, instructions: params.instructions });
  const heads = Object.fromEntries(changeSet.files.flatMap((f) => (f.content === null ? [] : [[f.path, f.content]])));
  await analyzer.run({ changeSet, repo: memorySnapshot(heads), settings: defaultSettings(), log: silentLog, previous: [] });
  const prefixOf = (r: LlmRequest<unknown>) =>
    r.system.reduce((n, b) => n + estimateTokens(b.text), 0) + estimateTokens(JSON.stringify(toolInputSchema(r.tool.schema))) + TOOL_USE_OVERHEAD_TOKENS;
  const prefixTokens = sent.length ? prefixOf(sent[0]) : 0;
  const userTokens = sent.reduce((n, r) => n + estimateTokens(r.user), 0);
  const patches = changeSet.files.map((f) => `--- a/${f.path}\n+++ b/${f.path}\n${f.patch}\n`);
  const diffTokens = estimateTokens(patches.join(''));
  const naiveUser = changeSet.files.map((f, i) => `File ${f.path}:\n${f.content ?? '(removed)'}\n${patches[i]}`).join('\n');
  const promptTokens = prefixTokens * sent.length + userTokens;
  return {
    caseId,
    files: changeSet.files.length,
    requests: sent.length,
    diffTokens,
    prefixTokens,
    userTokens,
    promptTokens,
    naiveTokens: prefixTokens + estimateTokens(naiveUser),
    withinGoal: userTokens <= 1.5 * diffTokens,
  };
}

/** A plain-text table with a totals line, for `npm run bench`. */
export function formatPromptTokenReport(rows: readonly PromptTokenRow[]): string {
  const header = ['case', 'files', 'req', 'diff', 'prefix', 'review', 'prompt', 'naive', 'review/diff', 'goal'];
  const lines = rows.map((r) => [
    r.caseId,
    String(r.files),
    String(r.requests),
    String(r.diffTokens),
    String(r.prefixTokens),
    String(r.userTokens),
    String(r.promptTokens),
    String(r.naiveTokens),
    (r.userTokens / Math.max(1, r.diffTokens)).toFixed(2),
    r.withinGoal ? 'ok' : 'over',
  ]);
  const sum = (pick: (r: PromptTokenRow) => number) => rows.reduce((n, r) => n + pick(r), 0);
  const ratios = rows.map((r) => r.userTokens / Math.max(1, r.diffTokens)).sort((a, b) => a - b);
  const median = ratios.length ? ratios[Math.floor(ratios.length / 2)] : 0;
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    'Prompt tokens per review (estimates: characters / 3.5). review = per-review part of the prompt; prompt = prefix × requests + review;',
    'naive = prefix + every changed file in full plus its patch. Goal: review ≤ 1.5 × diff (the prefix is fixed and cached).',
    fmt(header),
    ...lines.map(fmt),
    `prompt-tokens: cases=${rows.length} within_goal=${rows.filter((r) => r.withinGoal).length} median_review_per_diff=${median.toFixed(2)} ` +
      `diff=${sum((r) => r.diffTokens)} prompt=${sum((r) => r.promptTokens)} naive=${sum((r) => r.naiveTokens)} prefix=${rows[0]?.prefixTokens ?? 0}`,
  ].join('\n');
}

/** `node dist/bench/prompt-tokens.js [CASES_DIR]` (default ../shared/bench/cases). */
async function main(argv: string[]): Promise<void> {
  const casesDir = argv[0] ?? join(process.cwd(), '..', 'shared', 'bench', 'cases');
  process.stdout.write(`${formatPromptTokenReport(await measurePromptTokens({ casesDir }))}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
