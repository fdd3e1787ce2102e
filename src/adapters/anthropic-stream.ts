import type Anthropic from '@anthropic-ai/sdk';
import type { LlmCallUsage } from '../ports/llm.js';
import { StreamCutError, StreamIdleError } from './anthropic-errors.js';

type CreateParams = Anthropic.MessageCreateParamsStreaming;

export interface StreamedMessage {
  model: string;
  stopReason: string | null;
  /** Raw JSON text of each tool_use block, by tool name (the last block wins). */
  toolInputs: Map<string, string>;
  usage: LlmCallUsage;
}

export interface StreamTimeouts {
  /** Until the response headers arrive (the SDK's own timeout). */
  firstByteMs: number;
  /** Between two stream events: a stalled stream ends here instead of hanging. */
  idleMs: number;
}

/**
 * Sends one streaming Messages request and reads it to the end. Streaming lets a long review run
 * for minutes while a dead connection is noticed within `idleMs`. Retries are the caller's.
 */
export async function streamMessage(params: {
  client: Anthropic;
  body: Omit<CreateParams, 'stream'>;
  timeouts: StreamTimeouts;
  signal?: AbortSignal;
  usage: LlmCallUsage;
}): Promise<StreamedMessage> {
  const { client, body, timeouts, signal, usage } = params;
  const controller = new AbortController();
  const forward = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', forward, { once: true });
  let idle = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      idle = true;
      controller.abort();
    }, timeouts.idleMs);
  };
  const out: StreamedMessage = { model: body.model, stopReason: null, toolInputs: new Map(), usage };
  try {
    const stream = await client.messages.create({ ...body, stream: true }, { signal: controller.signal, timeout: timeouts.firstByteMs, maxRetries: 0 });
    arm();
    const blocks = new Map<number, { name: string; json: string }>();
    let stopped = false;
    for await (const event of stream) {
      arm();
      if (event.type === 'message_start') {
        out.model = event.message.model;
        readUsage(usage, event.message.usage);
      } else if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {
        blocks.set(event.index, { name: event.content_block.name, json: '' });
      } else if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') {
        const block = blocks.get(event.index);
        if (block) block.json += event.delta.partial_json;
      } else if (event.type === 'message_delta') {
        out.stopReason = event.delta.stop_reason ?? out.stopReason;
        readUsage(usage, event.usage);
      } else if (event.type === 'message_stop') {
        stopped = true;
      }
    }
    // The SDK ends the iteration quietly when the request is aborted: find out why.
    if (idle) throw new StreamIdleError(timeouts.idleMs);
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    if (!stopped) throw new StreamCutError();
    for (const block of blocks.values()) out.toolInputs.set(block.name, block.json);
    return out;
  } catch (error) {
    if (idle) throw new StreamIdleError(timeouts.idleMs);
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forward);
  }
}

/** Usage arrives in message_start and, cumulatively, in message_delta: keep the largest of each. */
function readUsage(
  usage: LlmCallUsage,
  raw: { input_tokens?: number | null; output_tokens?: number | null; cache_read_input_tokens?: number | null; cache_creation_input_tokens?: number | null },
): void {
  usage.inputTokens = Math.max(usage.inputTokens, raw.input_tokens ?? 0);
  usage.outputTokens = Math.max(usage.outputTokens, raw.output_tokens ?? 0);
  usage.cacheReadTokens = Math.max(usage.cacheReadTokens, raw.cache_read_input_tokens ?? 0);
  usage.cacheWriteTokens = Math.max(usage.cacheWriteTokens, raw.cache_creation_input_tokens ?? 0);
}
