import type { AnalyzerContext } from '../../shared/analyzer.js';
import { loadPgParser } from '../parsers/pg-parser.js';
import { replay } from '../sql/model/replay.js';
import { buildStatements } from '../sql/statements/build-statements.js';
import { loadMigrationSources } from '../sql/statements/load-sources.js';
import { hasIndexLeadingWith } from '../sql/model/indexes.js';
import { alembicPaths, sqlMigrationPaths } from '../sql/source/migration-paths.js';
import { isInternalError } from '../sql/shared/internal-error.js';
import type { Note } from '../../../../domain/types.js';
import type { SchemaModel, SqlStatement, Table } from '../sql/model/types.js';

/** What the migrations of the repository say about a foreign-key column of an ORM model. */
export interface MigrationFacts {
  /**
   * True when a migration the change adds declares this foreign key (the SQL engine's
   * unindexed-foreign-key speaks for it there), an index leading with the column exists, or the schema the
   * migrations build has no such key: they build the column with no foreign key at all, or they drop the table
   * and never create it again (the ORM's declaration is not the database's). Those absences are taken only
   * when every migration was read and translated and nothing the replay could not follow came after.
   */
  covers(table: string, column: string): boolean;
}

/**
 * Replays the repository's migrations, so that an ORM rule and the migration rule do not report the same
 * missing index twice, and the ORM rule does not report a key the database does not have. When the change adds
 * no migration, the replay reads every migration of the repository: only from a snapshot whose reads are not
 * budgeted (unknown otherwise, as the other whole-repository searches). Null when there is nothing to replay or
 * it cannot be afforded, or when the migrations cannot be replayed.
 */
export async function loadMigrationFacts(ctx: AnalyzerContext): Promise<MigrationFacts | null> {
  const changed = ctx.changeSet.files.filter((f) => (f.kind === 'sql' || f.kind === 'alembic') && f.content !== null && f.lines.added.size > 0);
  if (!changed.length && ctx.repo.budgeted) return null;
  const paths = await ctx.repo.listPaths();
  if (!changed.length && !sqlMigrationPaths(paths).length && !alembicPaths(paths).length) return null;
  const parser = await loadPgParser();
  const loaded = await loadMigrationSources({ repo: ctx.repo, paths, changed });
  const added = new Map(changed.map((f) => [f.path, f.lines.added]));
  const built = buildStatements({ parser, sources: loaded.sources, added });
  const replayNotes: Note[] = [];
  const model = replay(built.statements, replayNotes);
  // A migration that could not be read, or whose operations were lost to an internal error, may hold the key.
  const complete = !loaded.notes.length && ![...built.notes, ...replayNotes].some(isInternalError);
  return {
    covers(table, column) {
      const named = [...model.tables.values()].filter((t) => t.name.name === table);
      const live = named.filter((t) => !t.dropped);
      if (!live.length) return complete && named.some((t) => t.droppedBy && !blindAfter(model, t.droppedBy));
      return live.some(
        (t) =>
          t.foreignKeys.some((fk) => fk.stmt.changed && fk.columns.includes(column)) || hasIndexLeadingWith(model, t, [column]) ||
          (complete && plainColumn(model, t, column)),
      );
    },
  };
}

/** The table has the column and no foreign key on it, and the replay followed everything done to the table since it was made. */
function plainColumn(model: SchemaModel, table: Table, column: string): boolean {
  if (!table.columns.has(column) || table.unknownBy.length || table.foreignKeys.some((fk) => fk.columns.includes(column))) return false;
  return !table.created || !blindAfter(model, table.created);
}

/**
 * An operation after `stmt` the replay could not read and whose tables it does not know (`op.execute(sql)` with
 * SQL built at run time): it may have made any table, or added any key.
 */
function blindAfter(model: SchemaModel, stmt: SqlStatement): boolean {
  return model.statements.some((s) => s.id > stmt.id && s.tag === 'Untranslated' && !s.unknown?.tables.length);
}
