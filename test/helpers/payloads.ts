import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples') as { name: string; examples: any[] }[];

/** A real webhook payload from @octokit/webhooks-examples, deep-copied, with an installation. */
export function examplePayload(name: string, action: string, index = 0): any {
  const found = examples.find((e) => e.name === name)?.examples.filter((e) => e.action === action)[index];
  if (!found) throw new Error(`no ${name}.${action} example #${index}`);
  const payload = structuredClone(found);
  payload.installation ??= { id: 4242, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==' };
  return payload;
}
