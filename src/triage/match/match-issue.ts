import type { GroundModel, GroundRoute, GroundTable, RepoGrounding } from '../grounding/types.js';
import { nameParts, singular, stem, tokens, type Token } from './words.js';
import { isRequestVerb } from './read-request.js';

/**
 * The issue's words matched to the repository: tables whose name (or model class) the text
 * names in the singular or the plural, alone or as a snake_case compound; routes whose path
 * segments it names; Pydantic models; columns. Words that name nothing in the repository are
 * kept, so a plan can say what it looked for.
 */
export interface TableMatch {
  table: GroundTable;
  /** 3: the whole name; 2: every part of a compound name; 1: a column of it. */
  score: number;
  /** Token position of the first mention, for "the thing after the verb". */
  at: number;
  /** Every mention's position. */
  ats: number[];
  words: string[];
}

export interface IssueMatches {
  tables: TableMatch[];
  routes: GroundRoute[];
  models: GroundModel[];
  columns: { table: GroundTable; column: string; word: string }[];
  /** The nouns the plan looked for, in order of mention. */
  lookedFor: string[];
  /** Looked-for words that named nothing. */
  unmatched: string[];
  tokens: Token[];
}

/** Words that never name a table here: function words, verbs of requests, and words every issue uses. */
const STOP = new Set(
  ('a an the and or but if then than that this these those there their they them it its is are was were be been being to of in on at by for from with without into onto over under ' +
    'as so not no nor can could should would will shall may might must do does did done have has had get gets got let lets make makes want wants need needs like please also only just ' +
    'cannot someone somebody anyone everyone everybody person people when where which who whom whose what why how all any each every some more most less many much one two three new old same other another own per via about after before ' +
    'able allow allowed add adding added create creating support feature request issue bug error problem fix fixed page button screen click user users we our you your i me my ' +
    'api endpoint endpoints route routes table tables database db backend server app application system data record records row rows field fields value values thing things way time')
    .split(' '),
);

const tableWords = (t: GroundTable) => [t.name, ...(t.model ? [t.model] : [])];

function mentions(table: GroundTable, toks: readonly Token[]): number[] {
  const parts = new Set(tableWords(table).flatMap((n) => nameParts(n).map(singular)));
  const stems = new Set([...parts].filter((p) => stem(p).length >= 5).map(stem));
  return toks.filter((t) => parts.has(t.singular) || (stems.size > 0 && stems.has(stem(t.word)))).map((t) => t.at);
}

function scoreTable(table: GroundTable, toks: readonly Token[]): { score: number; at: number; words: string[] } | null {
  let best: { score: number; at: number; words: string[] } | null = null;
  for (const name of tableWords(table)) {
    const parts = nameParts(name).map(singular);
    if (!parts.length) continue;
    for (let i = 0; i + parts.length <= toks.length; i++) {
      const run = toks.slice(i, i + parts.length);
      if (run.every((t, k) => t.singular === parts[k])) {
        const found = { score: 3, at: i, words: run.map((t) => t.word) };
        if (!best || found.score > best.score || found.at < best.at) best = found;
        break;
      }
    }
    const stemmed = parts.length === 1 && stem(parts[0]).length >= 5 ? toks.find((t) => !STOP.has(t.word) && stem(t.word) === stem(parts[0])) : undefined;
    if (!best && stemmed) best = { score: 2, at: stemmed.at, words: [stemmed.word] };
    if (!best && parts.length > 1 && parts.every((p) => toks.some((t) => t.singular === p && !STOP.has(t.word)))) {
      const at = Math.min(...parts.map((p) => toks.find((t) => t.singular === p)!.at));
      best = { score: 2, at, words: parts };
    }
  }
  return best;
}

const segmentsOf = (route: GroundRoute) => route.path.split('/').filter((s) => s && !s.startsWith('{')).flatMap(nameParts).map(singular);

export function matchIssue(grounding: Pick<RepoGrounding, 'tables' | 'routes' | 'models'>, text: string): IssueMatches {
  const toks = tokens(text);
  const nouns = toks.filter((t) => t.word.length > 2 && !STOP.has(t.word) && !STOP.has(t.singular));
  const tables: TableMatch[] = [];
  for (const table of grounding.tables) {
    const found = scoreTable(table, toks);
    if (found && !found.words.every((w) => STOP.has(w))) tables.push({ table, ...found, ats: mentions(table, toks) });
  }
  const columns: IssueMatches['columns'] = [];
  for (const table of grounding.tables) {
    for (const c of table.columns) {
      const parts = nameParts(c.name).filter((p) => p !== 'id' && p !== 'at');
      if (parts.length === 1 && nouns.some((t) => t.singular === singular(parts[0]))) columns.push({ table, column: c.name, word: parts[0] });
    }
  }
  const named = new Set(nouns.map((t) => t.singular));
  const routes = grounding.routes.filter((r) => segmentsOf(r).some((s) => named.has(s) && !STOP.has(s)));
  const models = grounding.models.filter((m) => m.kind === 'pydantic' && nameParts(m.name).map(singular).some((p) => named.has(p) && !STOP.has(p)));
  const matchedWords = new Set([...tables.flatMap((m) => m.words.map(singular)), ...columns.map((c) => singular(c.word)), ...routes.flatMap(segmentsOf)]);
  const lookedFor = [...new Set(nouns.filter((t) => !isRequestVerb(t.word)).map((t) => t.singular))];
  tables.sort((a, b) => b.score - a.score || a.at - b.at);
  return { tables, routes, models, columns, lookedFor, unmatched: lookedFor.filter((w) => !matchedWords.has(w)), tokens: toks };
}
