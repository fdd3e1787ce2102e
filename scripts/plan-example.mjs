#!/usr/bin/env node
// Prints the plan the app posts for the bundled example's issue (examples/demo/issue.md on
// examples/demo/base, no API key); with --write, puts it in the README between its markers.
// Run `npm run build` first. A test fails when the README and this output drift apart.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderExamplePlan } from '../dist/triage/example-plan.js';
import { planExampleSection, replacePlanExample } from '../dist/triage/readme-section.js';

const demo = fileURLToPath(new URL('../examples/demo/', import.meta.url));
const readmePath = new URL('../README.md', import.meta.url);
const section = planExampleSection(await renderExamplePlan(demo));
if (process.argv.includes('--write')) {
  fs.writeFileSync(readmePath, replacePlanExample(fs.readFileSync(readmePath, 'utf8'), section));
  console.log(`wrote the plan example into ${readmePath.pathname}`);
} else {
  process.stdout.write(`${section}\n`);
}
