import type { RuleMeta } from '../../../shared/rule.js';
import { foreignKeyColumns, type ForeignKeyColumn } from '../../knowledge/orm-foreign-keys.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { isRarelyJoinedKey } from '../../../support/reference-data.js';
import { ruleMeta } from '../../../../../../catalog/index.js';
import type { KeyCandidate, KeyUsage } from '../../../support/key-usage.js';
import { servedByAnotherIndex } from '../../../support/key-usage-served.js';
import { tableName } from '../../../support/names.js';
import { ormModelOf, tableName as ormTableName } from '../../knowledge/orm.js';
import type { ClassInfo, ModuleModel } from '../../model/types.js';
import { subclassesOf } from '../support/overrides.js';

export const meta: RuleMeta = ruleMeta('orm-unindexed-foreign-key');

/**
 * A migration of the change declares the key (unindexed-foreign-key reports it there), a migration indexes the
 * column, or the schema the migrations build has no such key (a plain column, a table they drop). A table named by
 * a base class is looked up as `CamelCase` -> `camelcase` and `camel_case`.
 */
function coveredByMigration(ctx: FileContext, fk: ForeignKeyColumn): boolean {
  const migrations = ctx.an.migrations;
  if (!migrations) return false;
  const names = fk.table ? [fk.table] : [fk.cls.name.toLowerCase(), tableName(fk.cls.name)];
  // A mixin's key stays reported on the mixin, the one place its index is declared for every table that uses it,
  // even where the migrations' findings name each of those tables.
  return names.some((t) => migrations.covers(t, fk.column));
}

/** The mapped models (each with a `__tablename__`) that inherit a mixin's key; none for a model's own key. */
function mixinModels(ctx: FileContext, fk: ForeignKeyColumn): ClassInfo[] {
  return fk.table ? [] : subclassesOf(ctx.an, fk.cls).filter((cls) => cls.fields.has('__tablename__'));
}

/** The tables of the mapped models that inherit a mixin's key. */
function mixinTables(ctx: FileContext, fk: ForeignKeyColumn): string[] {
  return mixinModels(ctx, fk).flatMap((cls) => {
    const model = ormModelOf(cls);
    return model ? [ormTableName(model)] : [];
  });
}

/** Where migrations live: `migrations/`, `alembic/`, `revisions/`, `data_migrations/`. */
const MIGRATION_DIR = /(^|\/)(migrations?|alembic|revisions|data_migrations?)\//;

/**
 * An Alembic revision, or a module of the migrations' own (`migrations/core/deprecated_models.py` on a base of its
 * own): the models a data migration declares mirror tables as they were at that step, they define none.
 */
function isMigration(ctx: FileContext): boolean {
  return ctx.model.scope.bindings.has('down_revision') || MIGRATION_DIR.test(ctx.model.file.path) ||
    [...ctx.model.imports.values()].some((i) => i.module === 'alembic' && i.name === 'op');
}

/** A key nobody filters or deletes by in practice (an audit column, a lookup table). */
function rarelyJoined(fk: ForeignKeyColumn): boolean {
  return isRarelyJoinedKey(fk.column, fk.references.replace(/\.\w+$/, ''), fk.table ?? fk.cls.name);
}

/** The keys of a model that the rule would report, before looking at how the application uses them. */
export function unindexedOrmKeys(model: ModuleModel): ForeignKeyColumn[] {
  return foreignKeyColumns(model).filter((fk) => !fk.indexed && !rarelyJoined(fk));
}

/** What the usage search looks for, for one ORM key. */
export function ormKeyCandidate(fk: ForeignKeyColumn): KeyCandidate {
  const references = fk.references.replace(/\.\w+$/, '').replace(/^.*\./, '');
  return { table: fk.table ?? tableName(fk.cls.name), column: fk.column, attr: fk.attr, references, classes: [fk.cls.name] };
}

/**
 * A mixin's key (`class FileMixin: __abstract__ = True; file_id = mapped_column(ForeignKey(...))`) lives in
 * the tables of the models that use it: when each of those (as loaded) indexes the column (`Index("ix",
 * "file_id")` in its `__table_args__`), nothing is missing.
 */
function indexedByEveryTable(ctx: FileContext, fk: ForeignKeyColumn): boolean {
  const tables = mixinModels(ctx, fk);
  const leads = new RegExp(`\\bIndex\\(\\s*(?:[\\w.]+\\s*\\(\\s*)?["'][^"']*["']\\)?\\s*,\\s*["']${fk.column}["']|\\b${fk.attr}\\s*(?::[^=\\n]*)?=\\s*(?:\\w+\\.)?mapped_column\\([^\\n]*\\bindex\\s*=\\s*True`);
  return tables.length > 0 && tables.every((cls) => leads.test(cls.module.file.text(cls.node)));
}

/**
 * An existing module no other module imports, whose classes are named nowhere else: its models are never
 * registered with the mapper, so they describe no table the app uses (a leftover). A module the change adds may
 * be wired up later; unknown (no name index) is not dead either.
 */
function isDeadModule(ctx: FileContext): boolean {
  const refs = ctx.an.nameRefs;
  const path = ctx.model.file.path;
  if (!refs || ctx.file.status === 'added' || refs.moduleImported(path)) return false;
  return ctx.model.classes.every((c) => !refs.usedOutside(c.name, path, c.node.start, c.node.end));
}

export const rule: PythonRule = {
  meta,
  check(ctx) {
    if (!/ForeignKey\(|foreign_key\s*=/.test(ctx.model.file.source) || isMigration(ctx) || isDeadModule(ctx)) return;
    // Nothing in the repository searches by a key: an index would only speed up parent deletes.
    const keys = unindexedOrmKeys(ctx.model)
      .filter((fk) => ctx.touches(fk.node) && !coveredByMigration(ctx, fk) && !indexedByEveryTable(ctx, fk))
      .map((fk) => ({ fk, column: fk.column, usage: ctx.an.keyUsage?.(ormKeyCandidate(fk)) ?? ({ kind: 'unknown' } as KeyUsage) }))
      .filter((k) => k.usage.kind !== 'unused');
    const served = new Set<number>();
    for (const cls of new Set(keys.map((k) => k.fk.cls))) {
      const own = keys.filter((k) => k.fk.cls === cls);
      for (const i of servedByAnotherIndex(own, (col) => own[0].fk.tableLeading.has(col))) served.add(keys.indexOf(own[i]));
    }
    for (const [i, { fk, usage }] of keys.entries()) {
      if (served.has(i)) continue;
      const evidence = usage.kind === 'used' ? ` Rows are looked up by it at \`${usage.where}\`.` : '';
      const users = mixinTables(ctx, fk).map((t) => `\`${t}\``);
      const table = fk.table ? `\`${fk.table}\`` : users.length ? `each table of the models that use \`${fk.cls.name}\` (${users.join(', ')})` : `the \`${fk.cls.name}\` table`;
      ctx.report(meta, {
        node: fk.node,
        message:
          `\`${fk.cls.name}.${fk.attr}\` references \`${fk.references}\` but has no index: PostgreSQL does not index the ` +
          `referencing column, so joins and filters on it (the ${fk.table ? table + ' rows' : 'rows'} of one \`${fk.references}\`) and every ` +
          `delete of a \`${fk.references}\` row scan all of ${table}.${evidence} Add \`index=True\` (or lead an \`Index\` in ` +
          '`__table_args__` with it) and generate the migration that creates the index.',
      });
    }
  },
};
