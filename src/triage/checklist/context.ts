import type { Classification } from '../plan/classify-issue.js';
import type { GroundRoute, GroundTable, RepoGrounding } from '../grounding/types.js';
import type { IssueMatches } from '../match/match-issue.js';
import type { RequestReading } from '../match/read-request.js';
import { nameParts, plural, singular } from '../match/words.js';
import { chooseFiles, type PlanFiles } from './files.js';

/** How the entity is named in code: `lessons`, `lesson`, `Lesson`. */
export interface Naming {
  plural: string;
  singular: string;
  model: string;
}

/** The table a row belongs to through a foreign key (lessons.school_id -> schools). */
export interface Scope {
  table: GroundTable;
  column: string;
}

/** A table that says who belongs to the scope: staff(school_id, user_id). */
export interface Membership {
  table: GroundTable;
  userColumn: string;
  scopeColumn: string;
}

/** Whose row it is: a column of the table, or one hop away (appointments.patient_id -> patients.user_id). */
export interface Ownership {
  column: string;
  via?: { table: GroundTable; userColumn: string };
}

export interface PlanContext {
  /** The request as written (title, body, the command's words): untrusted, read only for cues. */
  text: string;
  grounding: RepoGrounding;
  matches: IssueMatches;
  reading: RequestReading;
  classification: Classification;
  /** The table the request acts on; undefined when the text names none. */
  target?: GroundTable;
  naming: Naming;
  scope?: Scope;
  /** The actor's membership table, when the text says who may do it and the schema records it. */
  membership?: Membership;
  owner?: Ownership;
  /** The existing routes over the target table. */
  routes: GroundRoute[];
  /** The name of a thing the request creates and the repository lacks, from the issue's nouns. */
  newName?: string;
  files: PlanFiles;
}

const camel = (words: readonly string[]) => words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
const userColumnOf = (t: GroundTable) => t.ownerColumns.find((c) => t.columns.some((col) => col.name === c && /(^auth\.users$|\.users?$|\.profiles?$)/.test(col.references ?? ''))) ?? t.ownerColumns[0];

export function namingOf(name: string): Naming {
  const parts = nameParts(name);
  const last = parts.length ? parts[parts.length - 1] : 'item';
  const single = [...parts.slice(0, -1), singular(last)];
  return { plural: [...parts.slice(0, -1), plural(singular(last))].join('_'), singular: single.join('_'), model: camel(single) };
}

function pickTarget(matches: IssueMatches, reading: RequestReading, exclude: Set<string>): GroundTable | undefined {
  const candidates = matches.tables.filter((m) => m.score >= 2);
  const preferred = candidates.filter((m) => !exclude.has(m.table.key));
  const pool = preferred.length ? preferred : candidates;
  const verbAt = reading.verb ? matches.tokens.find((t) => t.word.startsWith(reading.verb!.split(' ')[0].slice(0, 5)))?.at ?? -1 : -1;
  // "the lessons list": a table named right before a verb used as a noun is its object.
  const before = pool.find((m) => verbAt > 0 && m.ats.includes(verbAt - 1));
  const next = (m: (typeof pool)[number]) => m.ats.find((a) => a > verbAt) ?? Infinity;
  const after = pool.filter((m) => next(m) < Infinity).sort((a, b) => next(a) - next(b));
  return (before ?? after[0] ?? pool[0])?.table;
}

function tableNamed(grounding: RepoGrounding, word: string | undefined): GroundTable | undefined {
  if (!word) return undefined;
  return grounding.tables.find((t) => singular(t.name) === singular(word) || (t.model && singular(t.model.toLowerCase()) === singular(word)));
}

/** The tables the target belongs to through a foreign key, the one the text names first. */
function scopeOf(grounding: RepoGrounding, target: GroundTable, matches: IssueMatches, of?: string): Scope | undefined {
  const named = new Set([...(of ? [singular(of)] : []), ...matches.tables.map((m) => m.table.key)]);
  for (const c of target.columns) {
    if (!c.references || c.references === target.key) continue;
    const table = grounding.tables.find((t) => t.key === c.references);
    if (table && (named.has(table.key) || named.has(singular(table.name)))) return { table, column: c.name };
  }
  return undefined;
}

function membershipOf(grounding: RepoGrounding, scope: Scope | undefined, role: string | undefined, target: GroundTable | undefined): Membership | undefined {
  if (!scope) return undefined;
  const links = grounding.tables.filter((t) => t.key !== scope.table.key && t.key !== target?.key && userColumnOf(t) && t.columns.some((c) => c.references === scope.table.key));
  const named = role ? links.find((t) => singular(t.name) === singular(role) || nameParts(t.name).map(singular).includes(singular(role))) : undefined;
  if (!named) return undefined;
  const table = named;
  return { table, userColumn: userColumnOf(table)!, scopeColumn: table.columns.find((c) => c.references === scope.table.key)!.name };
}

function ownershipOf(grounding: RepoGrounding, target: GroundTable): Ownership | undefined {
  const direct = target.ownerColumns[0];
  if (direct) return { column: direct };
  for (const c of target.columns) {
    const table = c.references ? grounding.tables.find((t) => t.key === c.references) : undefined;
    const user = table ? userColumnOf(table) : undefined;
    if (table && user) return { column: c.name, via: { table, userColumn: user } };
  }
  return undefined;
}

export function buildContext(params: { text: string; grounding: RepoGrounding; matches: IssueMatches; reading: RequestReading; classification: Classification; newName?: string }): PlanContext {
  const { grounding, matches, reading } = params;
  const actorTable = tableNamed(grounding, reading.actor?.role);
  const ofTable = tableNamed(grounding, reading.actor?.of);
  const target = pickTarget(matches, reading, new Set([actorTable?.key, ofTable?.key].filter((k): k is string => !!k)));
  const naming = namingOf(target?.name ?? params.newName ?? 'item');
  const scope = target ? scopeOf(grounding, target, matches, reading.actor?.of) : undefined;
  const routes = target ? grounding.routes.filter((r) => r.path.split('/').some((s) => singular(s.replace(/-/g, '_')) === naming.singular)) : [];
  return {
    ...params,
    target,
    naming,
    scope,
    membership: membershipOf(grounding, scope, reading.actor?.role, target),
    owner: target ? ownershipOf(grounding, target) : undefined,
    routes,
    newName: params.newName,
    files: chooseFiles({ grounding, plural: naming.plural, model: naming.model, routes, table: target }),
  };
}
