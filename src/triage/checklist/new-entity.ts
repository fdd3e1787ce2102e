import type { IssueMatches } from '../match/match-issue.js';
import type { RequestReading } from '../match/read-request.js';
import { plural, singular, snake } from '../match/words.js';

/** Words that describe rather than name the new thing. */
const NOT_NAMES = new Set(['way', 'option', 'ability', 'possibility', 'feature', 'support', 'list', 'page', 'button', 'screen', 'view', 'endpoint', 'api', 'field', 'column', 'table', 'report', 'export', 'them', 'their', 'own', 'each', 'some', 'able', 'out', 'want', 'should', 'could', 'would']);

/** Verbs that relate a row to people or to other rows: what they create is named `<table>_<noun>s` (note_shares). */
const RELATION_NOUN: Record<string, string> = { share: 'share', invite: 'invitation', like: 'like', follow: 'follow', bookmark: 'bookmark', favourite: 'favourite', favorite: 'favorite', comment: 'comment', rate: 'rating', review: 'review', subscribe: 'subscription', assign: 'assignment' };

/**
 * The name of a thing the request creates and the repository lacks, from the issue's own nouns:
 * the unmatched words right after the verb ("add loyalty points" -> loyalty_points).
 */
export function newEntityName(matches: IssueMatches, reading: RequestReading): string | undefined {
  const toks = matches.tokens;
  const base = reading.verb?.split(' ')[0].replace(/(s|d|ed|es|ing)$/, '') ?? '';
  const relation = Object.keys(RELATION_NOUN).find((v) => v === base || v.startsWith(base) && base.length >= 4);
  const table = matches.tables.find((m) => m.score >= 2)?.table;
  if (relation && table) return `${singular(table.name)}_${plural(RELATION_NOUN[relation])}`;
  const unmatched = new Set(matches.unmatched);
  const verb = reading.verb?.split(' ').pop();
  const start = verb ? toks.findIndex((t) => t.word.startsWith(verb.slice(0, 5))) : -1;
  const run: string[] = [];
  for (let i = start + 1; i < toks.length && run.length < 2; i++) {
    const t = toks[i];
    if (unmatched.has(t.singular) && !NOT_NAMES.has(t.word)) run.push(t.singular);
    else if (run.length) break;
  }
  if (!run.length) {
    const first = matches.unmatched.find((w) => !NOT_NAMES.has(w));
    if (first) run.push(first);
  }
  if (!run.length) return undefined;
  return snake([...run.slice(0, -1), plural(run[run.length - 1])]);
}
