#!/usr/bin/env node
// `npm run readme`: writes the output of `npm run demo` into the README's example block.
// test/readme.test.ts fails when the README and the demo differ (beyond measured durations).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { replaceReadmeExample } from '../dist/cli-app/readme-example.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const readmePath = `${root}README.md`;
const output = execFileSync(process.execPath, [`${root}dist/demo.js`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
const readme = readFileSync(readmePath, 'utf8');
const updated = replaceReadmeExample(readme, output);
writeFileSync(readmePath, updated);
process.stdout.write(updated === readme ? 'README.md: the example already equals the demo output\n' : 'README.md: example updated from the demo output\n');
