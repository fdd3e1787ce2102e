import { createAnthropicLlm, type AnthropicOptions } from '../../../../src/adapters/anthropic.js';
import { defaultSettings, type ReviewSettings } from '../../../../src/config/repo-config.js';
import { loadInstructions, loadPersona } from '../../../../src/persona/load-personas.js';
import type { AnalyzerContext } from '../../../../src/review/analyse/shared/analyzer.js';
import { createLlmAnalyzer, type LlmAnalyzerOptions } from '../../../../src/review/analyse/llm/llm-analyzer.js';
import { silentLog } from '../../../../src/domain/logger.js';
import type { FindingDraft } from '../../../../src/domain/types.js';
import { makeChangeSet, type FileChange } from '../../../helpers/change-set.js';
import { startFakeAnthropic, type FakeAnthropic } from '../../../helpers/fake-anthropic.js';

/** Shared set-up for the wire tests of the LLM analyzer: the real SDK against the local fake. */
export const ROUTER_BASE = ['from fastapi import APIRouter', '', 'router = APIRouter()', ''].join('\n');
export const ROUTER_HEAD = [
  'from fastapi import APIRouter',
  'from app.db import service_client',
  '',
  'router = APIRouter()',
  '',
  '@router.get("/orders/{order_id}")',
  'async def get_order(order_id: int):',
  '    return service_client().table("orders").select("*").eq("id", order_id).execute()',
  '',
].join('\n');

export function routerChange(path = 'app/routers/orders.py'): FileChange {
  return { path, base: ROUTER_BASE, head: ROUTER_HEAD };
}

export async function makeContext(params: {
  changes: FileChange[];
  title?: string;
  body?: string;
  previous?: FindingDraft[];
  settings?: (s: ReviewSettings) => void;
}): Promise<AnalyzerContext> {
  const { changeSet, repo } = makeChangeSet(params.changes);
  changeSet.title = params.title ?? 'Add the order endpoint';
  changeSet.body = params.body ?? 'Lets users read one order.';
  const settings = defaultSettings();
  params.settings?.(settings);
  return { changeSet, repo, settings, log: silentLog, previous: params.previous ?? [] };
}

export async function makeAnalyzer(fake: FakeAnthropic, options: Partial<LlmAnalyzerOptions> = {}, adapter: Partial<AnthropicOptions> = {}) {
  const persona = await loadPersona('backend-agent');
  const instructions = await loadInstructions('review');
  const llm = createAnthropicLlm({
    apiKey: 'sk-ant-test-key-0123456789',
    baseURL: fake.baseURL,
    baseDelayMs: 5,
    maxDelayMs: 20,
    // Generous: a loaded CI machine must not turn a slow local answer into a timeout.
    timeouts: { firstByteMs: 10_000, idleMs: 10_000 },
    ...adapter,
  });
  return createLlmAnalyzer({ llm, persona, instructions, ...options });
}

export { startFakeAnthropic };
export type { FakeAnthropic };
