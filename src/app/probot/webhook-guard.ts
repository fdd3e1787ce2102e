import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Log } from '../../domain/logger.js';
import { payloadProblem } from '../events/payloads.js';

/** GitHub sends at most 25 MB per delivery. */
const MAX_BODY_BYTES = 25 * 1024 * 1024;

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Refusal(413, 'payload larger than 25 MB'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function signatureMatches(secret: string, body: Buffer, header: string | undefined): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Checks a delivery before Probot sees it: the signature, then JSON, then the payload of each
 * handled event (zod). A bad delivery gets a 4xx with a short reason and one log line with the
 * delivery id and that reason, never the payload. A good one continues with its body attached,
 * so Probot does not read the stream again.
 */
export function createWebhookGuard(params: { secret: string; path: string; log: Log }) {
  const { secret, path, log } = params;
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== 'POST' || (req.url ?? '').split('?')[0].replace(/\/+$/, '') !== path.replace(/\/+$/, '')) return false;
    const delivery = header(req, 'x-github-delivery');
    const event = header(req, 'x-github-event') ?? '';
    try {
      const body = await readBody(req);
      if (!signatureMatches(secret, body, header(req, 'x-hub-signature-256'))) throw new Refusal(401, 'signature does not match the webhook secret');
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch {
        throw new Refusal(400, 'body is not valid JSON');
      }
      const problem = payloadProblem(event, payload);
      if (problem) throw new Refusal(400, problem);
      req.body = body.toString('utf8');
      return false;
    } catch (err) {
      const status = err instanceof Refusal ? err.status : 400;
      const reason = err instanceof Refusal ? err.message : 'request could not be read';
      log.warn({ delivery, event, status, reason }, `webhook refused: ${reason}`);
      if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: reason }));
      return true;
    }
  };
}
