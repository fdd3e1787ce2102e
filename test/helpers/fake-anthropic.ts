import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Messages API on 127.0.0.1 for wire tests: the real @anthropic-ai/sdk is pointed at it
 * with `baseURL`. Each request gets the next reply of a script (the last one repeats), answered
 * as JSON or, for `"stream": true`, as the real server-sent event sequence. Requests are recorded.
 */
export type FakeReply =
  /** A tool_use block for the forced tool; `input` may be computed from the request. */
  | { kind: 'tool'; input: unknown | ((request: RecordedRequest) => unknown) }
  /** A tool_use block whose input violates any sane schema. */
  | { kind: 'garbage' }
  | { kind: 'text'; text?: string }
  | { kind: 'error'; status: number; type: string; headers?: Record<string, string> }
  /** Accepts the request and never answers. */
  | { kind: 'hang' }
  /** Streams message_start, then goes silent. */
  | { kind: 'stall' };

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  raw: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  at: number;
}

export interface FakeAnthropic {
  baseURL: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

type Script = FakeReply | FakeReply[] | ((request: RecordedRequest, index: number) => FakeReply);

export async function startFakeAnthropic(script: Script): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = [];
  const open = new Set<ServerResponse>();
  const cache = new Set<string>();
  const pick = (request: RecordedRequest, index: number): FakeReply => {
    if (typeof script === 'function') return script(request, index);
    if (Array.isArray(script)) return script[Math.min(index, script.length - 1)];
    return script;
  };
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const request: RecordedRequest = { path: req.url ?? '', headers: req.headers, raw, body: safeJson(raw), at: Date.now() };
    const index = requests.push(request) - 1;
    if (!req.headers['x-api-key'] && !req.headers.authorization) return sendError(res, 401, 'authentication_error', 'no API key');
    if (!req.headers['anthropic-version']) return sendError(res, 400, 'invalid_request_error', 'anthropic-version: header is required');
    if (req.method !== 'POST' || req.url !== '/v1/messages') return sendError(res, 404, 'not_found_error', 'not found');
    const reply = pick(request, index);
    if (reply.kind === 'error') return sendError(res, reply.status, reply.type, reply.type, reply.headers);
    if (reply.kind === 'hang') return void open.add(res);
    const message = buildMessage(request, reply, cache);
    if (request.body?.stream !== true) return sendJson(res, 200, message);
    open.add(res);
    streamMessage(res, message, reply.kind === 'stall');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function buildMessage(request: RecordedRequest, reply: FakeReply, cache: Set<string>) {
  const body = request.body ?? {};
  const toolName: string = body.tool_choice?.name ?? body.tools?.[0]?.name ?? 'tool';
  let content: unknown[];
  if (reply.kind === 'tool') {
    const input = typeof reply.input === 'function' ? (reply.input as (r: RecordedRequest) => unknown)(request) : reply.input;
    content = [{ type: 'tool_use', id: 'toolu_fake', name: toolName, input }];
  } else if (reply.kind === 'garbage') {
    content = [{ type: 'tool_use', id: 'toolu_fake', name: toolName, input: { findings: 'not-an-array', summary: 12345, __unexpected__: true } }];
  } else {
    content = [{ type: 'text', text: reply.kind === 'text' ? (reply.text ?? 'Looks good to me!') : '' }];
  }
  // Prompt caching, roughly: the tools + system prefix is written once, then read.
  const prefix = JSON.stringify([body.tools, body.system]);
  const cached = Array.isArray(body.system) && body.system.some((b: { cache_control?: unknown }) => b.cache_control);
  const prefixTokens = cached ? Math.ceil(prefix.length / 4) : 0;
  const key = createHash('sha256').update(`${body.model}\n${prefix}`).digest('hex');
  const hit = cached && cache.has(key);
  if (cached) cache.add(key);
  return {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model: body.model,
    content,
    stop_reason: content[0] && (content[0] as { type: string }).type === 'tool_use' ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: Math.max(1, Math.ceil(request.raw.length / 4) - prefixTokens),
      output_tokens: Math.ceil(JSON.stringify(content).length / 4),
      cache_creation_input_tokens: hit ? 0 : prefixTokens,
      cache_read_input_tokens: hit ? prefixTokens : 0,
    },
  };
}

function streamMessage(res: ServerResponse, message: ReturnType<typeof buildMessage>, stall: boolean): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': 'req_fake' });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const { usage } = message;
  send('message_start', { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } });
  if (stall) return;
  message.content.forEach((block, index) => {
    const b = block as { type: string; input?: unknown; text?: string };
    if (b.type === 'tool_use') {
      send('content_block_start', { type: 'content_block_start', index, content_block: { ...b, input: {} } });
      const json = JSON.stringify(b.input);
      for (let i = 0; i < json.length; i += 40) {
        send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: json.slice(i, i + 40) } });
      }
    } else {
      send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: b.text } });
    }
    send('content_block_stop', { type: 'content_block_stop', index });
  });
  send('message_delta', { type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
  send('message_stop', { type: 'message_stop' });
  res.end();
}

function sendError(res: ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { type: 'error', error: { type, message }, request_id: 'req_fake' }, headers);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_fake', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
