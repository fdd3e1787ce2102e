import { readFileSync } from 'node:fs';
import { reviewPython } from '../review/analyse/static/python/review-python.js';

// Each probe: files separated by "### path" headers; prints findings.
it('probe', async () => {
  const text = readFileSync('/tmp/probe.txt', 'utf8');
  const probes = text.split(/^=== (.+)$/m).slice(1);
  for (let i = 0; i < probes.length; i += 2) {
    const name = probes[i];
    const files = probes[i + 1].split(/^### (.+)$/m).slice(1);
    const changes = [];
    for (let j = 0; j < files.length; j += 2) changes.push({ path: files[j].trim(), head: files[j + 1].replace(/^\n/, '') });
    const r = await reviewPython(changes);
    console.log(`${name}\n` + r.findings.map((f) => `   ${f.path}:${f.line} ${f.rule}`).join('\n') + (r.notes?.length ? `\n   notes: ${JSON.stringify(r.notes)}` : ''));
  }
}, 60000);
