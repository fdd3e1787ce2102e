import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStaticAnalyzer } from '../../src/review/analyse/static/index.js';
import { isInternalError } from '../../src/review/analyse/static/shared/internal-error.js';
import { classifyPath } from '../../src/review/collect/classify-file.js';
import { defaultSettings } from '../../src/config/repo-config.js';
import { silentLog } from '../../src/domain/logger.js';
import { makeChangeSet } from '../helpers/change-set.js';

/**
 * Mutation fuzzing of the static engine over realistic files of our own: tokens deleted, comments,
 * line breaks and continuations inserted inside expressions, lines dropped or doubled, truncation.
 * Whatever the text, the engine never throws and never reports an internal error (a syntax error in
 * the mutant is the file's problem, and is noted as such). FUZZ_ITERATIONS raises the count locally.
 */
const ROOTS = ['../fixtures/realistic/', '../../examples/demo/head/'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
const PER_FILE = Number(process.env.FUZZ_ITERATIONS ?? 30);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);

interface Corpus {
  root: string;
  files: Record<string, string>;
}

function readCorpus(root: string): Corpus {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = relative(root, join(entry.parentPath, entry.name)).split(sep).join('/');
    files[path] = readFileSync(join(root, path), 'utf8');
  }
  return { root, files };
}

/** mulberry32: a small seeded generator, so a failing mutant can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKEN = /[A-Za-z_]\w*|\d+|"[^"\n]*"|'[^'\n]*'|\*\*|\/\/|==|!=|<=|>=|->|:=|[()[\]{}:,.=+\-*/%<>@|&^~]/g;
const JUNK = [')', '(', ']', '[', '{', '}', ':', ',', '=', 'def', 'async', 'await', 'lambda', 'class', 'if', 'else', 'for', 'in', 'not', '"', "'", '"""', '\\', '@', 'select', ';', '--', '$$', '/*', 'end;'];

/** One mutation of a text, chosen by the generator. */
export function mutate(text: string, rnd: () => number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const at = Math.floor(rnd() * (text.length + 1));
  const tokens = [...text.matchAll(TOKEN)];
  const token = tokens.length ? pick(tokens) : null;
  const openers = [...text.matchAll(/[([{,]|\b(and|or)\b|[+\-*/]\s/g)];
  const after = openers.length ? pick(openers) : null;
  const lines = text.split('\n');
  const line = Math.floor(rnd() * lines.length);
  switch (Math.floor(rnd() * 9)) {
    case 0: // delete a token
      return token ? text.slice(0, token.index) + text.slice(token.index! + token[0].length) : text;
    case 1: // a comment, then a line break, inside an expression
      return after ? `${text.slice(0, after.index! + after[0].length)}  # why\n        ${text.slice(after.index! + after[0].length)}` : text;
    case 2: // a bare line break inside an expression
      return after ? `${text.slice(0, after.index! + after[0].length)}\n${text.slice(after.index! + after[0].length)}` : text;
    case 3: // a line continuation
      return after ? `${text.slice(0, after.index! + after[0].length)} \\\n    ${text.slice(after.index! + after[0].length)}` : text;
    case 4: // truncation
      return text.slice(0, at);
    case 5: // junk inserted anywhere
      return `${text.slice(0, at)} ${pick(JUNK)} ${text.slice(at)}`;
    case 6: // a line dropped
      return lines.filter((_, i) => i !== line).join('\n');
    case 7: // a line doubled, or re-indented
      return lines.flatMap((l, i) => (i === line ? (rnd() < 0.5 ? [l, l] : [`    ${l}`]) : [l])).join('\n');
    default: // a comment at a random point of a line (possibly inside a string)
      return `${text.slice(0, at)}# c\n${text.slice(at)}`;
  }
}

describe('fuzzing the static engine with mutated realistic files', () => {
  const analyzer = createStaticAnalyzer();
  for (const corpus of ROOTS.map(readCorpus)) {
    const targets = Object.keys(corpus.files).filter((p) => { const k = classifyPath(p); return k === 'python' || k === 'alembic' || k === 'sql'; });
    for (const path of targets) {
      it(`never throws and never fails internally on mutants of ${path}`, async () => {
        const rnd = random(SEED ^ hash(path));
        const failures: string[] = [];
        for (let i = 0; i < PER_FILE; i++) {
          // One to three mutations stacked, so errors meet each other too.
          let text = corpus.files[path];
          const steps = 1 + Math.floor(rnd() * 3);
          for (let s = 0; s < steps; s++) text = mutate(text, rnd);
          const others = Object.fromEntries(Object.entries(corpus.files).filter(([p]) => p !== path));
          const { changeSet, repo } = makeChangeSet([{ path, base: corpus.files[path], head: text }], others);
          try {
            const result = await analyzer.run({ changeSet, repo, settings: defaultSettings(), log: silentLog, previous: [] });
            const internal = (result.notes ?? []).filter(isInternalError);
            if (internal.length || result.status !== 'ok') failures.push(`mutant ${i}: ${result.status} ${internal.map((n) => n.message).join(' | ') || result.detail}\n${text}`);
          } catch (err) {
            failures.push(`mutant ${i} threw: ${(err as Error).stack}\n${text}`);
          }
        }
        expect(failures.slice(0, 1)).toEqual([]);
      }, 120_000);
    }
  }
});

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
