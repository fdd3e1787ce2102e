import type { SqlReport, SqlRule, SqlRuleContext } from '../support/rule-api.js';
import { liveTables } from '../support/access.js';
import { code, listOf } from '../support/format.js';
import { hasIndexLeadingWith, hasIndexServing, indexesOf } from '../../model/indexes.js';
import { isRarelyJoinedKey } from '../../../support/reference-data.js';
import { ruleMeta } from '../../../../../../catalog/index.js';
import type { KeyCandidate, KeyUsage } from '../../../support/key-usage.js';
import { servedByAnotherIndex } from '../../../support/key-usage-served.js';
import type { ForeignKey, Index, SchemaModel, SqlStatement, Table } from '../../model/types.js';

/** The foreign keys of the change that no index leads with, and that are not audit or lookup keys. */
export function unindexedKeys(ctx: Pick<SqlRuleContext, 'model'>): { table: Table; fk: ForeignKey }[] {
  const out: { table: Table; fk: ForeignKey }[] = [];
  for (const table of liveTables(ctx as SqlRuleContext)) {
    if (isNamedCatalogue(ctx.model, table)) continue;
    for (const fk of table.foreignKeys) {
      if (!fk.stmt.changed || hasIndexLeadingWith(ctx.model, table, fk.columns)) continue;
      // A composite key whose every column leads an index of its own (`case_id`, `message_id`): the parent's
      // delete check and lookups by the key combine them (a bitmap AND), no scan of the table.
      if (fk.columns.length > 1 && fk.columns.every((c) => hasIndexLeadingWith(ctx.model, table, [c]))) continue;
      // A composite key that holds a unique key of the table (`(kind, id)` where `id` is the primary key): a lookup by
      // the foreign key is a probe of that unique index, one row at most.
      if (fk.columns.length > 1 && holdsUniqueKey(ctx.model, table, fk.columns)) continue;
      // Audit columns (created_by) and keys to small lookup tables (types, priorities, tags) are
      // read with the row, not searched, and their parents are rarely deleted.
      if (fk.columns.length === 1 && isRarelyJoinedKey(fk.columns[0], fk.references, table.name.name)) continue;
      out.push({ table, fk });
    }
  }
  return out;
}

/** A unique index (or primary key) of the table, on all rows, whose every column is one of `columns`. */
function holdsUniqueKey(model: SchemaModel, table: Table, columns: readonly string[]): boolean {
  return indexesOf(model, table).some((i) => i.unique && !i.predicate && i.columns.length > 0 && i.columns.every((c) => c !== null && columns.includes(c)));
}

/**
 * A catalogue of things named per parent: a unique constraint on a name or a kind and foreign keys only
 * (`unique (name, project_id)`, `unique (genai_type, project_id, enabled)`). Its rows are the entries
 * people name and keep (formats, environments, filters, one prompt per kind): a handful per parent, which
 * a scan reads as fast as an index would, and its parents are rarely deleted. Like a lookup table, none
 * of its keys is reported, unless one of them is a person's (a catalogue per user grows with the users).
 */
function isNamedCatalogue(model: SchemaModel, table: Table): boolean {
  // Per user, a catalogue grows with the users: only a parent that is not a person keeps it small.
  const scopes = table.foreignKeys.filter((fk) => !PERSON.test(fk.references.replace(/^.*\./, '')));
  const keys = new Set(scopes.flatMap((fk) => fk.columns));
  const named = (c: string | null) => c !== null && (NAME.test(c) || KIND.test(c));
  return indexesOf(model, table).some(
    (i) => i.unique && i.columns.some(named) && i.columns.some((c) => c !== null && keys.has(c)) && i.columns.every((c) => c !== null && (named(c) || FLAG.test(c) || keys.has(c))),
  );
}

const NAME = /^(name|title|slug|code|label|handle)$/;
const PERSON = /(^|_)(users?|profiles?|accounts?|members?|customers?|people|persons?)$/;
/** A kind: `type`, `genai_type`, `event_kind`, `category`. */
const KIND = /(^|_)(type|kind|category)$/;
/** A flag that allows one more row per name at most (`enabled`, `is_default`). */
const FLAG = /^(enabled|active|is_\w+|default)$/;

/** An index that led with the key's columns until a DROP INDEX of the migrations removed it. */
function droppedIndexOn(model: SchemaModel, table: Table, columns: readonly string[]): (Index & { by: SqlStatement }) | undefined {
  for (const stmt of model.statements) {
    for (const index of model.droppedIndexes.get(stmt.id) ?? []) {
      if (index.table === table && columns.every((c, i) => index.columns[i] === c)) return { ...index, by: stmt };
    }
  }
  return undefined;
}

/** What the usage search looks for: a key of one column (a composite key is always reported). */
export function keyCandidate(model: SchemaModel, table: Table, fk: ForeignKey): KeyCandidate | null {
  if (fk.columns.length !== 1) return null;
  return { table: table.name.name, column: fk.columns[0], references: fk.references.replace(/^.*\./, ''), later: laterTables(model, table) };
}

/** The live tables the migrations create in files after the one that creates `table` (none for a table they did not create). */
function laterTables(model: SchemaModel, table: Table): string[] {
  const created = table.created;
  if (!created) return [];
  const rank = fileRanks(model);
  const own = rank.get(created.path) ?? Infinity;
  return [...model.tables.values()]
    .filter((t) => !t.dropped && t !== table && (t.kind === 'table' || t.kind === 'partitioned') && t.created && (rank.get(t.created.path) ?? -1) > own)
    .map((t) => t.name.name);
}

const RANKS = new WeakMap<SchemaModel, Map<string, number>>();

/** The migration files in replay order (by the first statement of each), once per model. */
function fileRanks(model: SchemaModel): Map<string, number> {
  let rank = RANKS.get(model);
  if (!rank) {
    rank = new Map();
    for (const s of model.statements) if (!rank.has(s.path)) rank.set(s.path, rank.size);
    RANKS.set(model, rank);
  }
  return rank;
}

export const unindexedForeignKey: SqlRule = {
  meta: ruleMeta('unindexed-foreign-key'),
  check(ctx) {
    const reports: SqlReport[] = [];
    const keys = unindexedKeys(ctx).map(({ table, fk }) => {
      const candidate = keyCandidate(ctx.model, table, fk);
      const usage: KeyUsage = candidate && ctx.keyUsage ? ctx.keyUsage(candidate) : { kind: 'unknown' };
      return { table, fk, usage, column: fk.columns.length === 1 ? fk.columns[0] : '' };
    });
    const served = new Set<(typeof keys)[number]>();
    for (const table of new Set(keys.map((k) => k.table))) {
      // Nothing in the repository searches by the key: an index would only speed up parent deletes.
      const own = keys.filter((k) => k.table === table && k.usage.kind !== 'unused');
      for (const i of servedByAnotherIndex(own, (col, filtered) => hasIndexServing(ctx.model, table, col, filtered))) served.add(own[i]);
    }
    for (const key of keys) {
      const { table, fk, usage } = key;
      // Nothing searches by it now, but the project kept an index on it until a migration dropped it: it needed one.
      const dropped = usage.kind === 'unused' ? droppedIndexOn(ctx.model, table, fk.columns) : undefined;
      if ((usage.kind === 'unused' && !dropped) || served.has(key)) continue;
      const cols = fk.columns.join(', ');
      const evidence =
        usage.kind === 'used' ? ` Rows are looked up by it at ${code(usage.where)}.`
        : dropped ? ` The project had an index on it (${code(dropped.name?.name ?? cols)}) until ${code(`${dropped.by.path}:${dropped.by.line}`)} dropped it, and none has replaced it.`
        : '';
      reports.push({
        stmt: fk.stmt,
        focus: fk.offset,
        // On the column (or the constraint) that declares the key: a table may declare several.
        atFocus: true,
        message:
          `Foreign key ${listOf(fk.columns.map((c) => code(`${table.name.name}.${c}`)))} -> ${code(fk.references)} has no ` +
          `index leading with ${fk.columns.length > 1 ? 'those columns' : 'that column'}, so deletes on ` +
          `${code(fk.references)} (and cascades, joins and policy checks on it) scan all of ${code(table.name.key)}.` +
          `${evidence} Add \`create index on ${table.name.key} (${cols});\`.`,
      });
    }
    return reports;
  },
};
