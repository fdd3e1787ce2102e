import type { IssueMatches } from '../match/match-issue.js';
import type { RequestReading } from '../match/read-request.js';
import { plural, singular, snake } from '../match/words.js';

/** Words that describe rather than name the new thing. */
const NOT_NAMES = new Set(['way', 'option', 'ability', 'possibility', 'feature', 'support', 'list', 'page', 'button', 'screen', 'view', 'endpoint', 'api', 'field', 'column', 'table', 'report', 'export', 'them', 'their', 'own', 'each', 'some', 'able', 'out', 'want', 'should', 'could', 'would']);

/**
 * A verb that relates a row to a person: what it creates is named `<table>_<noun>s` (note_shares)
 * and holds that person. `recipient`: someone the caller names (shared with, invited, assigned);
 * otherwise the person is the caller (who likes, follows, bookmarks).
 */
export interface Relation {
  noun: string;
  person: string;
  recipient: boolean;
}
const RELATIONS: Record<string, Relation> = {
  share: { noun: 'share', person: 'shared_with', recipient: true },
  invite: { noun: 'invitation', person: 'invitee_id', recipient: true },
  assign: { noun: 'assignment', person: 'assignee_id', recipient: true },
  like: { noun: 'like', person: 'user_id', recipient: false },
  follow: { noun: 'follow', person: 'user_id', recipient: false },
  bookmark: { noun: 'bookmark', person: 'user_id', recipient: false },
  favourite: { noun: 'favourite', person: 'user_id', recipient: false },
  favorite: { noun: 'favorite', person: 'user_id', recipient: false },
  comment: { noun: 'comment', person: 'user_id', recipient: false },
  rate: { noun: 'rating', person: 'user_id', recipient: false },
  review: { noun: 'review', person: 'user_id', recipient: false },
  subscribe: { noun: 'subscription', person: 'user_id', recipient: false },
};

/** The relation the request's verb makes, if it is one. */
export function relationOf(reading: RequestReading): Relation | undefined {
  const base = reading.verb?.split(' ')[0].replace(/(s|d|ed|es|ing)$/, '') ?? '';
  const key = Object.keys(RELATIONS).find((v) => v === base || (v.startsWith(base) && base.length >= 4));
  return key ? RELATIONS[key] : undefined;
}

/**
 * The name of a thing the request creates and the repository lacks, from the issue's own nouns:
 * the unmatched words right after the verb ("add loyalty points" -> loyalty_points).
 */
export function newEntityName(matches: IssueMatches, reading: RequestReading): string | undefined {
  const toks = matches.tokens;
  const relation = relationOf(reading);
  const table = matches.tables.find((m) => m.score >= 2)?.table;
  if (relation && table) return `${singular(table.name)}_${plural(relation.noun)}`;
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
