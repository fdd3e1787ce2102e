#!/usr/bin/env node
// Scores reviews written by run-added.sh against bench/realworld/judgments-added.tsv.
//   node scripts/realworld/score-added.mjs OUT [--repos a,b] [--judgments FILE] [--verbose] [--listing FILE]
// Every finding of every review counts once. It takes the verdict of the judgment of its repository, commit,
// path and rule at the nearest line (within 6); failing that, of the same finding judged in another review
// of the repository. Prints TRUE / DEBATABLE / FALSE / unjudged per rule and in total, the precision
// counting TRUE only and TRUE + DEBATABLE, and judged TRUE findings no longer reported.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const out = args[0];
if (!out || out.startsWith('--')) { console.error('usage: score-added.mjs OUT [--judgments FILE] [--verbose]'); process.exit(2); }
const verbose = args.includes('--verbose');
const [head, ...rows] = readFileSync(opt('--judgments', join(ROOT, 'bench/realworld/judgments-added.tsv')), 'utf8')
  .split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.split('\t'));
const cols = head[0] === 'repo' ? head : null;
const judgments = (cols ? rows : [head, ...rows]).map(([repo, commit, pl, rule, verdict, note]) => {
  const i = pl.lastIndexOf(':');
  return { repo, commit, path: pl.slice(0, i), line: Number(pl.slice(i + 1)), rule, verdict, note };
});
const nearest = (cands, line) => cands.filter((j) => Math.abs(j.line - line) <= 6)
  .sort((a, b) => Math.abs(a.line - line) - Math.abs(b.line - line))[0];

const perRule = new Map();
const tally = (rule, v) => { const t = perRule.get(rule) ?? { TRUE: 0, DEBATABLE: 0, FALSE: 0, unjudged: 0 }; t[v]++; perRule.set(rule, t); };
const seenTrue = new Set();
const listing = [];
/** Lines a finding's message names as the same problem (repo, path:line, rule), kept apart from the tally. */
const also = [];
let incomplete = 0;
const only = opt('--repos')?.split(',');
const repos = readdirSync(out, { withFileTypes: true }).filter((d) => d.isDirectory() && (!only || only.includes(d.name))).map((d) => d.name);
for (const repo of repos) {
  const dir = join(out, repo);
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const sha = f.slice(0, -5);
    let doc;
    try { doc = JSON.parse(readFileSync(join(dir, f), 'utf8')); } catch { console.log(`no JSON (crash?): ${repo} ${sha}`); incomplete++; continue; }
    if ((doc.summary?.analyzers ?? []).some((a) => a.kind === 'static' && a.status !== 'ok')) { incomplete++; console.log(`incomplete: ${repo} ${sha}`); }
    for (const x of doc.findings) {
      const same = judgments.filter((j) => j.repo === repo && j.rule === x.rule && j.path === x.path);
      const j = nearest(same.filter((j) => j.commit === sha), x.line) ?? nearest(same, x.line);
      const v = j?.verdict ?? 'unjudged';
      tally(x.rule, v);
      if (j && v === 'TRUE') seenTrue.add(j);
      listing.push([repo, sha.slice(0, 10), `${x.path}:${x.line}`, x.rule, v, x.title].join('\t'));
      // A finding per function lists its other stalls ("The same happens on lines 422, 590."): those lines are reported too.
      for (const l of /The same happens on lines? ([\d, ]+)\./.exec(x.message ?? '')?.[1].split(/,\s*/) ?? []) {
        also.push([repo, `${x.path}:${l}`, x.rule].join('\t'));
      }
      // A helper that blocks, called from several coroutines, is one finding naming the other calls ("The same call blocks
      // in 3 other places of this change (`a.py:12`, `b.py:40`, ...)"): the places it names are reported too.
      for (const m of /The same call blocks in \d+ other places? of this change \(([^)]*)\)/.exec(x.message ?? '')?.[1].matchAll(/in `([^`]+)` at lines? ([\d, ]+)/g) ?? []) {
        for (const l of m[2].split(/,\s*/)) also.push([repo, `${m[1]}:${l}`, x.rule].join('\t'));
      }
      if (verbose && v !== 'TRUE') console.log(`  ${v.padEnd(9)} ${repo} ${sha.slice(0, 10)} ${x.path}:${x.line} ${x.rule}${j ? ` (${j.note.slice(0, 110)})` : ` ${x.title}`}`);
    }
  }
}
const sum = { TRUE: 0, DEBATABLE: 0, FALSE: 0, unjudged: 0 };
for (const [rule, t] of [...perRule].sort()) {
  console.log(`${rule.padEnd(34)} T ${t.TRUE}  D ${t.DEBATABLE}  F ${t.FALSE}  unjudged ${t.unjudged}`);
  for (const k of Object.keys(sum)) sum[k] += t[k];
}
// A judged TRUE finding counts as kept when some review still reports it (the judged review may have moved), on
// its own or as a line another finding of the rule and file names as the same problem.
const judgedTrue = judgments.filter((j) => j.verdict === 'TRUE' && repos.includes(j.repo));
const lost = judgedTrue.filter((j) => !seenTrue.has(j) && !listing.some((l) => {
  const [repo, , pl, rule] = l.split('\t'); const i = pl.lastIndexOf(':');
  return repo === j.repo && rule === j.rule && pl.slice(0, i) === j.path && Math.abs(Number(pl.slice(i + 1)) - j.line) <= 6;
}) && !also.includes([j.repo, `${j.path}:${j.line}`, j.rule].join('\t')));
if (verbose) for (const j of lost) console.log(`  lost TRUE ${j.repo} ${j.commit.slice(0, 10)} ${j.path}:${j.line} ${j.rule}`);
const n = sum.TRUE + sum.DEBATABLE + sum.FALSE + sum.unjudged;
const judged = n - sum.unjudged;
const p = (x) => (judged ? x / judged : 1).toFixed(3);
if (opt('--listing')) (await import('node:fs')).writeFileSync(opt('--listing'), listing.join('\n') + '\n');
console.log(`added: findings=${n} TRUE=${sum.TRUE} DEBATABLE=${sum.DEBATABLE} FALSE=${sum.FALSE} unjudged=${sum.unjudged} ` +
  `precision_true=${p(sum.TRUE)} precision_true_debatable=${p(sum.TRUE + sum.DEBATABLE)} judged_true_lost=${lost.length}/${judgedTrue.length} incomplete=${incomplete}`);
