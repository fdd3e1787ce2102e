#!/usr/bin/env node
// Writes schema/backend-agent.schema.json from the zod schema (run `npm run build` first).
// A test fails when the committed file and the schema drift apart.
import fs from 'node:fs';
import { configJsonSchema } from '../dist/config/config-json-schema.js';

const out = new URL('../schema/backend-agent.schema.json', import.meta.url);
fs.mkdirSync(new URL('.', out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${out.pathname}`);
