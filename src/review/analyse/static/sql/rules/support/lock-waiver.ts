import type { SqlStatement } from '../../model/types.js';

/**
 * Why the author says a lock-taking statement is safe, read from the comment attached above it:
 * the table is empty, the table is small, or the lock is knowingly accepted (maintenance window).
 */
export type LockWaiver = 'empty' | 'small' | 'accepted';

/** Tables up to this many rows lock for a moment only: an index build or rewrite takes milliseconds. */
const SMALL_ROWS = 100_000;

const NEGATION = /\b(not|never|no longer|nor|isn't|aren't|wasn't|won't|can't|cannot|don't|doesn't|shouldn't|mustn't)\b/;

/** What a size claim may be about: the table by name, or words that stand for it. */
function subjects(table: string | undefined): string {
  const names = ['table', 'it', 'this', 'data', 'dataset'];
  if (table) names.push(table.toLowerCase().replace(/[^a-z0-9_]/g, ''));
  return `\\b(${names.join('|')})`;
}

function emptyPatterns(subject: string): RegExp[] {
  return [
    new RegExp(`${subject}\\s+(is|are|stays?|starts?)\\s+(still\\s+|currently\\s+|completely\\s+|always\\s+)?empty\\b`),
    /\bempty\s+table\b/,
    /\b(has|have|holds?|with)\s+no\s+(rows|data)\b/,
    /\bno\s+(rows|data)\s+yet\b/,
  ];
}

function smallPatterns(subject: string): RegExp[] {
  return [
    new RegExp(`${subject}\\s+(is|are|stays?|remains?)\\s+(still\\s+|very\\s+|quite\\s+|fairly\\s+|pretty\\s+|really\\s+)?(small|tiny)\\b`),
    /\b(small|tiny)\s+(\w+\s+)?(table|lookup|dataset|data set)\b/,
  ];
}

const ACCEPTED = [
  /\bmaintenance\s+(window|mode)\b/,
  /\b(planned|scheduled)\s+downtime\b/,
  /\block(s|ing)?\b.{0,40}\b(acceptable|fine|ok|okay|expected|intended|deliberate|intentional)\b/,
  /\b(accept|accepting|acceptable|fine with|ok with|okay with)\b.{0,30}\block/,
  /\b(plain|regular|normal|non-concurrent|blocking|simple)\s+(index\s+build|index|build|create index|reindex|rebuild)\b.{0,30}\b(fine|ok|okay|acceptable|enough)\b/,
  /\bno need for\s+(a\s+)?concurrent(ly)?\b/,
  /\bconcurrently\b.{0,20}\b(unnecessary|overkill)\b/,
  /\b(ok|okay|fine|safe|acceptable)\s+to\s+lock\b/,
  /\bnothing\s+(writes|reads|uses)\b|\bno\s+(traffic|writes|writers)\b|\blow[- ]traffic\b|\brarely\s+written\b/,
];

/** Said with a negation, yet a claim that the table is empty: "<table> is not yet populated". */
function emptyNegated(subject: string): RegExp {
  return new RegExp(`${subject}\\s+(isn't|is not|hasn't been|has not been)\\s+(yet\\s+)?(populated|used|in use|live)(\\s+yet)?\\s*(\\(|$)`);
}

/**
 * What the comment attached above a statement says about locking `table` (its unqualified name), or
 * undefined when it says nothing about the table's size or the lock. A clause with a negation
 * ("is not small") waives nothing.
 */
export function lockWaiver(stmt: SqlStatement, table?: string): LockWaiver | undefined {
  const clauses = stmt.comment.toLowerCase().replace(/\s+/g, ' ').split(/[;:!?]+|\.(?=\s|$)|,\s*(?:but|so|and)\b/);
  const subject = subjects(table);
  const [empty, small, negatedEmpty] = [emptyPatterns(subject), smallPatterns(subject), emptyNegated(subject)];
  const found = new Set<LockWaiver>();
  for (const clause of clauses) {
    if (negatedEmpty.test(clause.trim())) found.add('empty');
    if (NEGATION.test(clause)) continue;
    if (empty.some((p) => p.test(clause))) found.add('empty');
    if (small.some((p) => p.test(clause)) || statesFewRows(clause)) found.add('small');
    if (ACCEPTED.some((p) => p.test(clause))) found.add('accepted');
  }
  return (['empty', 'small', 'accepted'] as const).find((w) => found.has(w));
}

/** "a few thousand rows", "~2k rows", "under 500 records": a row count at or below SMALL_ROWS. */
function statesFewRows(clause: string): boolean {
  // "rows per user" or "rows a day" is a rate, not the table's size.
  for (const m of clause.matchAll(/([\w~<.,]+(?:\s+[\w.,]+){0,3}?)\s+(rows|records|entries)\b(?!\s*(per|each|every|a day|an hour|\/))/g)) {
    const count = rowCount(m[1]);
    if (count !== undefined) return count <= SMALL_ROWS;
  }
  return false;
}

/** The number a phrase before "rows" means: "12m" 12e6, "a few thousand" ~5e3, "hundreds of thousands" ~5e5. */
function rowCount(phrase: string): number | undefined {
  const p = phrase.replace(/,(?=\d{3}\b)/g, '');
  const digits = /(\d+(?:\.\d+)?)\s*(k|m|b|thousand|million|billion)?\s*$/.exec(p);
  if (digits) return Number(digits[1]) * scale(digits[2]);
  if (/\b(millions?|billions?)\b/.test(p) || /\bhundreds of thousands\b/.test(p)) return 1e6;
  if (/\btens of thousands\b/.test(p)) return 5e4;
  if (/\bthousands?\b/.test(p)) return 5e3;
  if (/\b(hundreds?|dozens?|few|handful|couple)\b/.test(p)) return 500;
  return undefined;
}

function scale(unit: string | undefined): number {
  if (unit === 'k' || unit === 'thousand') return 1e3;
  if (unit === 'm' || unit === 'million') return 1e6;
  if (unit === 'b' || unit === 'billion') return 1e9;
  return 1;
}
