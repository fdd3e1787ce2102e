#!/usr/bin/env node
// The longest import chain in src/: the longest run of distinct files, each importing the next at
// run time, starting from any file. Type-only imports (`import type`, `import("...").T`) are not
// followed (they vanish from the JavaScript); static, dynamic and re-export imports are. Cycles are
// collapsed (a strongly connected group counts as all its files, and is named in the output), so
// the answer is a longest path in a DAG and well defined.
//
//   node scripts/import-chain.mjs                 run dependency-cruiser on src/ and measure
//   node scripts/import-chain.mjs deps.json       measure a saved
//                                                 `npx depcruise src --config .dependency-cruiser.cjs --output-type json`
//   node scripts/import-chain.mjs --max 19        exit 1 when the chain is longer than 19 files
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: opts, positionals } = parseArgs({
  options: { max: { type: 'string' }, root: { type: 'string', default: 'src/' } },
  allowPositionals: true,
});

const TYPE_ONLY = new Set(['type-only', 'type-import']);

function readCruise() {
  if (positionals[0]) return JSON.parse(readFileSync(positionals[0], 'utf8'));
  const out = execFileSync(
    'npx',
    ['depcruise', 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  return JSON.parse(out);
}

/** file -> the files it imports at run time (inside the measured root only). */
function buildGraph(cruise, root) {
  const graph = new Map();
  for (const mod of cruise.modules) {
    if (!mod.source.startsWith(root)) continue;
    const next = new Set();
    for (const dep of mod.dependencies) {
      if (!dep.resolved?.startsWith(root)) continue;
      if (dep.dependencyTypes.some((t) => TYPE_ONLY.has(t))) continue;
      next.add(dep.resolved);
    }
    graph.set(mod.source, [...next].sort());
  }
  for (const targets of [...graph.values()]) for (const t of targets) if (!graph.has(t)) graph.set(t, []);
  return graph;
}

/** Tarjan's strongly connected components, iterative (deep graphs must not blow the stack). */
function components(graph) {
  const index = new Map(), low = new Map(), onStack = new Set(), stack = [], comp = new Map(), groups = [];
  let counter = 0;
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work = [[start, 0]];
    index.set(start, counter); low.set(start, counter); counter++; stack.push(start); onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const [node, i] = frame;
      const targets = graph.get(node);
      if (i < targets.length) {
        frame[1]++;
        const t = targets[i];
        if (!index.has(t)) {
          index.set(t, counter); low.set(t, counter); counter++; stack.push(t); onStack.add(t);
          work.push([t, 0]);
        } else if (onStack.has(t)) low.set(node, Math.min(low.get(node), index.get(t)));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(node)));
      }
      if (low.get(node) === index.get(node)) {
        const group = [];
        let member;
        do { member = stack.pop(); onStack.delete(member); comp.set(member, groups.length); group.push(member); } while (member !== node);
        groups.push(group.sort());
      }
    }
  }
  return { comp, groups };
}

/** Longest path over the component DAG, each component weighing its number of files. */
function longestChain(graph) {
  const { comp, groups } = components(graph);
  const edges = groups.map(() => new Set());
  for (const [from, targets] of graph) for (const t of targets) if (comp.get(from) !== comp.get(t)) edges[comp.get(from)].add(comp.get(t));
  // Tarjan emits components in reverse topological order: every target comes before its importer.
  const best = groups.map(() => 0), next = groups.map(() => -1);
  for (let c = 0; c < groups.length; c++) {
    let tail = 0;
    for (const t of [...edges[c]].sort((a, b) => a - b)) if (best[t] > tail) { tail = best[t]; next[c] = t; }
    best[c] = groups[c].length + tail;
  }
  let head = 0;
  for (let c = 1; c < groups.length; c++) if (best[c] > best[head]) head = c;
  const chain = [];
  for (let c = head; c !== -1; c = next[c]) chain.push(groups[c]);
  return { length: best[head] ?? 0, chain, cycles: groups.filter((g) => g.length > 1) };
}

const graph = buildGraph(readCruise(), opts.root);
const { length, chain, cycles } = longestChain(graph);
console.log(`longest import chain under ${opts.root}: ${length} files`);
chain.forEach((group, i) => console.log(`${String(i + 1).padStart(3)}. ${group.length > 1 ? `cycle [${group.join(', ')}]` : group[0]}`));
if (cycles.length) console.log(`run-time cycles collapsed: ${cycles.length}`);
if (opts.max !== undefined && length > Number(opts.max)) {
  console.error(`import chain of ${length} files is longer than --max ${opts.max}`);
  process.exit(1);
}
