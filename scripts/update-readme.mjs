#!/usr/bin/env node
// `npm run readme`: writes the output of `npm run demo` into the README's example block, and the
// plan the app posts for the bundled example's issue (examples/demo/issue.md) into its plan block.
// test/readme.test.ts and test/triage/example-plan.test.ts fail when the README and these differ.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { replaceReadmeExample } from '../dist/app/cli/readme-example.js';
import { renderExamplePlan } from '../dist/app/example-plan.js';
import { planExampleSection, replacePlanExample } from '../dist/triage/readme-section.js';
import { createLiveStageFromEnv } from '../dist/app/wiring/live-stage.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const readmePath = `${root}README.md`;
const output = execFileSync(process.execPath, [`${root}dist/demo.js`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
const readme = readFileSync(readmePath, 'utf8');
const withReview = replaceReadmeExample(readme, output);
// The plan as the app posts it, its SQL checked on the embedded live database stage.
const live = createLiveStageFromEnv({ env: {} });
const updated = replacePlanExample(withReview, planExampleSection(await renderExamplePlan(`${root}examples/demo/`, live.planProbe)));
await live.close();
writeFileSync(readmePath, updated);
const said = (before, after, what) => (before === after ? `the ${what} already equals what the app prints` : `the ${what} updated`);
process.stdout.write(`README.md: ${said(readme, withReview, 'example review')}; ${said(withReview, updated, 'example plan')}\n`);
