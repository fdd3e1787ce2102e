import type { AnalyzerContext } from '../../shared/analyzer.js';
import { loadPgParser } from '../parsers/pg-parser.js';
import { replay } from '../sql/model/replay.js';
import { buildStatements } from '../sql/statements/build-statements.js';
import { loadMigrationSources } from '../sql/statements/load-sources.js';
import { hasIndexLeadingWith } from '../sql/model/indexes.js';

/** What the migrations of the pull request say about a foreign-key column of an ORM model. */
export interface MigrationFacts {
  /**
   * True when a migration the change adds declares this foreign key (the SQL engine's
   * unindexed-foreign-key speaks for it there), an index leading with the column exists, or the migrations
   * build the column with no foreign key at all (the schema is the migrations', the ORM's key is not in it).
   */
  covers(table: string, column: string): boolean;
}

/**
 * Replays the repository's migrations when the change adds some, so that an ORM rule and the
 * migration rule do not report the same missing index twice. Null when the change adds no migration
 * (the model is then the only place the problem shows) or when they cannot be replayed.
 */
export async function loadMigrationFacts(ctx: AnalyzerContext): Promise<MigrationFacts | null> {
  const changed = ctx.changeSet.files.filter((f) => (f.kind === 'sql' || f.kind === 'alembic') && f.content !== null && f.lines.added.size > 0);
  if (!changed.length) return null;
  const parser = await loadPgParser();
  const paths = await ctx.repo.listPaths();
  const loaded = await loadMigrationSources({ repo: ctx.repo, paths, changed });
  const added = new Map(changed.map((f) => [f.path, f.lines.added]));
  const model = replay(buildStatements({ parser, sources: loaded.sources, added }).statements);
  return {
    covers(table, column) {
      return [...model.tables.values()].some(
        (t) =>
          !t.dropped && t.name.name === table &&
          (t.foreignKeys.some((fk) => fk.stmt.changed && fk.columns.includes(column)) || hasIndexLeadingWith(model, t, [column]) ||
            (t.columns.has(column) && !t.unknownBy.length && !t.foreignKeys.some((fk) => fk.columns.includes(column)))),
      );
    },
  };
}
