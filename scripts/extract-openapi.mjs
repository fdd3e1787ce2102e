#!/usr/bin/env node
// Extracts the request-body schemas of the GitHub operations the app writes with, from
// @octokit/openapi's dereferenced description, into a small test fixture.
// usage: node scripts/extract-openapi.mjs path/to/api.github.com.deref.json
import fs from 'node:fs';

const OPERATIONS = [
  ['post', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['patch', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
  ['post', '/repos/{owner}/{repo}/check-runs'],
  ['patch', '/repos/{owner}/{repo}/check-runs/{check_run_id}'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/labels'],
  ['post', '/repos/{owner}/{repo}/labels'],
  ['post', '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions'],
];

const source = process.argv[2];
if (!source) {
  console.error('usage: node scripts/extract-openapi.mjs path/to/api.github.com.deref.json');
  process.exit(2);
}
const spec = JSON.parse(fs.readFileSync(source, 'utf8'));
const out = { source: `@octokit/openapi ${spec.info?.version ?? ''}`.trim(), operations: {} };
for (const [method, path] of OPERATIONS) {
  const op = spec.paths[path]?.[method];
  if (!op) throw new Error(`${method.toUpperCase()} ${path} not in the description`);
  const schema = op.requestBody?.content?.['application/json']?.schema;
  out.operations[`${method.toUpperCase()} ${path}`] = { operationId: op.operationId, schema };
}
fs.writeFileSync(new URL('../test/fixtures/openapi/operations.json', import.meta.url), `${JSON.stringify(out, null, 1)}\n`);
console.log(`wrote ${Object.keys(out.operations).length} operations`);
