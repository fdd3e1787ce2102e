import { singular } from './words.js';

/**
 * What a request asks for, read from its verbs and a few phrases, without a model: the action
 * (create, list, update, cancel, delete, report), whether it acts on many rows at once, who may
 * do it, who must be told, and over which period. Each reading keeps the words that decided it,
 * so the plan can quote them.
 */
export const ACTIONS = ['cancel', 'delete', 'report', 'update', 'create', 'list', 'notify'] as const;
export type Action = (typeof ACTIONS)[number];

export interface RequestReading {
  /** Every action the text asks for, the main one first. */
  actions: Action[];
  main: Action | null;
  /** The word that decided the main action ("cancel", "export"). */
  verb?: string;
  /** Many rows in one request: "all of", "every", "in bulk", "at once". */
  bulk: boolean;
  /** Who may do it: "only that school's staff may" -> { role: staff, of: school }. */
  actor?: { role: string; of?: string; only: boolean };
  /** Who must be told, and the words that said it. */
  notify?: { who?: string; words: string };
  /** The period the request is about ("day", "week", "month"), from "a day's", "monthly", "last month". */
  period?: 'day' | 'week' | 'month' | 'year' | 'range';
  /** Undo, reversal, history: asked for in the text. */
  reversible: boolean;
}

const VERBS: Record<Exclude<Action, 'notify'>, RegExp> = {
  cancel: /\b(cancel(?:s|led|ed|ling|ing|lation|lations)?|call(?:s|ed)? off|void(?:s|ed)?|revok(?:e|es|ed|ing))\b/,
  delete: /\b(delet(?:e|es|ed|ing|ion)|remov(?:e|es|ed|ing|al)|archiv(?:e|es|ed|ing)|eras(?:e|es|ed|ing|ure)|purg(?:e|es|ed|ing)|get rid of|wip(?:e|es|ed))\b/,
  report: /\b(reports?|reporting|export(?:s|ed|ing)?|csv|statistics|stats|analytics|dashboards?|summar(?:y|ies|ise|ize)|totals?|revenue|sales figures|monthly|weekly|per (?:day|week|month))\b/,
  update: /\b(edit(?:s|ed|ing)?|updat(?:e|es|ed|ing)|chang(?:e|es|ed|ing)|modif(?:y|ies|ied)|renam(?:e|es|ed)|reschedul(?:e|es|ed|ing)|mov(?:e|es|ed|ing)|mark(?:s|ed)? as|approv(?:e|es|ed)|reassign)\b/,
  create: /\b(add(?:s|ed|ing)?|creat(?:e|es|ed|ing)|new|register(?:s|ed)?|book(?:s|ed|ing)?|submit(?:s|ted)?|upload(?:s|ed)?|invit(?:e|es|ed)|record(?:s|ed)?|track(?:s|ed|ing)?|block(?:s|ed)?(?: out)?|introduce|award|earn|shar(?:e|es|ed|ing)|like[sd]?|follow(?:s|ed)?|bookmark(?:s|ed)?|favou?rite[sd]?|comment(?:s|ed)? on|rat(?:e|es|ed|ing)|review(?:s|ed)?|subscrib(?:e|es|ed)|assign(?:s|ed)?)\b/,
  list: /\b(list(?:s|ed|ing)?|see|sees|seeing|read|reads|open|opens|view(?:s|ed)?|show(?:s|n|ed|ing)?|brows(?:e|ing)|search(?:es|ed|ing)?|filter(?:s|ed|ing)?|find|look up|overview|who is|which)\b/,
};
const NOTIFY = /\b((?:be |get |are |is )?(?:notif(?:y|ied|ies|ication|ications)|e-?mail(?:ed|s)?|remind(?:er|ers|ed)?|alert(?:s|ed)?|sms|text message|push notification|message(?:d)?|tell|told|inform(?:ed)?))\b/;
const BULK = /\b(all (?:of )?(?:the |a |an |their |its |that |this )?|every|in bulk|bulk|batch|at once|en masse|mass|several|multiple|many)\b/;
const PERIOD: [RegExp, RequestReading['period']][] = [
  [/\b(a |one |that |the |each |whole )?day'?s?\b|\bdaily\b|\btoday\b|\btomorrow\b|\bday before\b|\bdate\b/, 'day'],
  [/\bweek(ly|s)?\b/, 'week'],
  [/\bmonth(ly|s)?\b/, 'month'],
  [/\byear(ly|s)?\b|\bannual\b/, 'year'],
  [/\bbetween\b.{0,30}\band\b|\bfrom\b.{0,20}\bto\b|\bdate range\b|\bperiod\b/, 'range'],
];
const ONLY = /\bonly (?:the |that |this |a |an |their |its )?(?:(\w+)(?:'s|’s) )?(\w+)\b/;
const ACTOR = /\b(?:let|lets|allow|enable)\s+(?:the\s+)?(\w+)\s+(?:to\s+)?\w+|\b(\w+)\s+(?:should|must|need to|needs to|want to|wants to|would like to)\s+(?:be able to\s+\w+|(?!be\b)\w+)|\bas an? (\w+)\b/;
/** "remind patients", "notify the parents": who is told; else "students must be notified". */
const NOTIFY_OBJECT = /\b(?:notify|remind|e-?mail|alert|tell|inform|message|send)\s+(?:the |all |every |each |their )?(\w+)/;
const NOTIFY_SUBJECT = /\b(\w+)\s+(?:must|should|need to|needs to|will|to)?\s*(?:be |get |are )?(?:notif|e-?mail|remind|alert|told|inform)/;
const UNDO = /\b(undo|revert|reversible|un-?cancel|restore|reinstate|history|audit)\b/;
const NOT_ROLES = new Set(['it', 'we', 'i', 'you', 'they', 'this', 'that', 'there', 'he', 'she', 'one', 'be', 'do', 'may', 'can', 'will', 'person', 'people', 'user', 'the', 'a', 'an', 'and', 'them', 'us', 'me', 'him', 'her', 'with', 'to', 'for', 'of', 'in', 'on', 'by', 'is', 'are', 'was']);

function firstMatch(text: string): { action: Action; index: number; word: string }[] {
  const found: { action: Action; index: number; word: string }[] = [];
  for (const action of Object.keys(VERBS) as Exclude<Action, 'notify'>[]) {
    const m = VERBS[action].exec(text);
    if (m) found.push({ action, index: m.index, word: m[1] });
  }
  return found;
}

/** Reads a request's action, scale, actor, notification and period from its words. */
export function readRequest(text: string): RequestReading {
  const t = text.toLowerCase().replace(/\s+/g, ' ');
  const found = firstMatch(t);
  // The more specific action wins over "add" or "see" when both are present ("add a way to cancel").
  const priority = ['cancel', 'delete', 'report', 'update', 'create', 'list'];
  found.sort((a, b) => priority.indexOf(a.action) - priority.indexOf(b.action));
  const notifyMatch = NOTIFY.exec(t);
  const actions: Action[] = found.map((f) => f.action);
  if (notifyMatch) actions.push('notify');
  const only = ONLY.exec(t);
  const actorMatch = ACTOR.exec(t);
  const actorWord = only?.[2] ?? actorMatch?.[1] ?? actorMatch?.[2] ?? actorMatch?.[3];
  const actor = actorWord && !NOT_ROLES.has(actorWord) ? { role: singular(actorWord), of: only?.[1] ? singular(only[1]) : undefined, only: !!only } : undefined;
  const who = notifyMatch ? (NOTIFY_OBJECT.exec(t) ?? NOTIFY_SUBJECT.exec(t))?.[1] : undefined;
  return {
    actions,
    main: actions[0] ?? null,
    verb: found[0]?.word ?? notifyMatch?.[1]?.trim(),
    bulk: BULK.test(t),
    actor,
    notify: notifyMatch ? { who: who && !NOT_ROLES.has(who) && who !== 'and' ? singular(who) : undefined, words: notifyMatch[1].trim() } : undefined,
    period: PERIOD.find(([re]) => re.test(t))?.[1],
    reversible: UNDO.test(t),
  };
}

/** True for a word that is one of the request verbs (cancel, add, show...): not a noun to look for. */
export function isRequestVerb(word: string): boolean {
  const forms = [word, word.replace(/s$/, ''), word.replace(/(ed|ing)$/, '')];
  return forms.some((w) => Object.values(VERBS).some((re) => new RegExp(`^(?:${re.source.replace(/^\\b|\\b$/g, '')})$`).test(w)) || NOTIFY.test(w));
}
