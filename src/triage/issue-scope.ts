import { mentionedPaths } from './plan/classify-issue.js';

/**
 * Issues that plainly concern something other than the backend: only front-end files or UI words,
 * documentation, or CI. Each scope keeps the words and paths that decided it, for the log.
 */
export type Elsewhere = { scope: 'front-end' | 'docs' | 'ci'; evidence: string[] };

const UI =
  /\b(ui|ux|css|scss|tailwind|styles?|styling|layout|pages?|screens?|buttons?|modal|dialog|tooltip|navbar|sidebar|menu|dropdown|icons?|fonts?|colou?rs?|dark mode|theme|responsive|overflows?|overflowing|misaligned|alignment|spacing|padding|margin|animation|re-?renders?|rendering|components?|react|vue|svelte|angular|next\.?js|frontend|front-end|browser|safari|chrome|firefox|iphone|ipad|android|phones?|hover|scroll(s|ing)?|cut off|overlap(s|ping)?|week view|calendar view|placeholder|typography)\b/g;
const DOCS = /\b(readme|docs?|documentation|typos?|spelling|misspell\w*|spelled|wording|guide|tutorial|changelog|docstring)\b/g;
const CI = /\b(ci|github actions?|workflows?|pipeline|lint (job|step)|pre-commit|runners?|runner image|build job|dependabot|renovate|gitlab-ci)\b/g;
const FRONT_PATH = /\.(tsx|jsx|vue|svelte|css|scss|less|html?)$|(^|\/)(frontend|web|ui|client|static|public|components|pages)\//;
const DOC_PATH = /\.(md|rst|txt)$|(^|\/)docs?\//;
const CI_PATH = /(^|\/)\.github\/workflows\/|\.gitlab-ci\.yml$|(^|\/)\.circleci\//;
const ANY_PATH = /(?:^|[\s`'"(])((?:[\w.-]+\/)+[\w.-]+\.[a-z]{2,5}|[\w-]+\.(?:md|rst|vue|svelte|tsx|jsx|css|scss|ya?ml|html))\b/g;

function hits(re: RegExp, text: string): string[] {
  return [...new Set([...text.matchAll(re)].map((m) => m[0]))];
}

/** The paths a text names, of any kind (front-end, docs and CI paths included). */
export function namedPaths(text: string): string[] {
  return [...new Set([...text.matchAll(ANY_PATH)].map((m) => m[1].replace(/[.,:;)]+$/, '')))];
}

/**
 * The scope an issue plainly belongs to when it is not the backend, or null. Backend paths
 * (Python, SQL) in the text always keep it a backend issue.
 */
export function concernsElsewhere(params: { title: string; body?: string | null }): Elsewhere | null {
  const raw = `${params.title}\n${params.body ?? ''}`;
  const text = raw.toLowerCase();
  const paths = namedPaths(raw);
  if (mentionedPaths(raw).some((p) => /\.(py|sql)$/.test(p))) return null;
  const scored = [
    { scope: 'ci' as const, evidence: [...hits(CI, text), ...paths.filter((p) => CI_PATH.test(p))] },
    { scope: 'docs' as const, evidence: [...hits(DOCS, text), ...paths.filter((p) => DOC_PATH.test(p) && !CI_PATH.test(p))] },
    { scope: 'front-end' as const, evidence: [...hits(UI, text), ...paths.filter((p) => FRONT_PATH.test(p))] },
  ].filter((s) => s.evidence.length);
  // Paths decide before words: an issue that names only front-end files is a front-end issue.
  const otherPaths = paths.filter((p) => !FRONT_PATH.test(p) && !DOC_PATH.test(p) && !CI_PATH.test(p));
  if (otherPaths.length) return null;
  scored.sort((a, b) => b.evidence.length - a.evidence.length);
  return scored[0] ?? null;
}
