import type { ChangeSet, RepoSnapshot } from '../../domain/types.js';
import { loadPgParser } from '../../review/analyse/static/parsers/pg-parser.js';
import { replay } from '../../review/analyse/static/sql/model/replay.js';
import { buildStatements } from '../../review/analyse/static/sql/statements/build-statements.js';
import { loadMigrationSources } from '../../review/analyse/static/sql/statements/load-sources.js';

export interface AddedTable {
  key: string;
  path: string;
  line: number;
  rls: boolean;
  ownerColumns: string[];
}

const USER_REF = /^(auth\.users|[\w]+\.(users?|profiles?))$/;

/** The tables a pull request's migrations create, replayed after the others as the review does. */
export async function tablesAdded(params: { changeSet: ChangeSet; repo: RepoSnapshot; paths: readonly string[] }): Promise<{ tables: AddedTable[]; supabase: boolean }> {
  const changed = params.changeSet.files.filter((f) => (f.kind === 'sql' || f.kind === 'alembic') && f.content !== null);
  const supabase = params.paths.some((p) => /(^|\/)supabase\//.test(p));
  if (!changed.length) return { tables: [], supabase };
  const parser = await loadPgParser();
  const loaded = await loadMigrationSources({ repo: params.repo, paths: params.paths, changed });
  const added = new Map(changed.map((f) => [f.path, f.lines.added]));
  const model = replay(buildStatements({ parser, sources: loaded.sources, added }).statements);
  const tables: AddedTable[] = [];
  for (const t of model.tables.values()) {
    if (t.dropped || !t.created?.changed) continue;
    const owners = t.foreignKeys.filter((fk) => fk.columns.length === 1 && USER_REF.test(fk.references)).map((fk) => fk.columns[0]);
    tables.push({ key: t.name.key, path: t.created.path, line: t.created.line, rls: t.rls, ownerColumns: owners });
  }
  return { tables, supabase: supabase || loaded.sources.some((s) => /\bauth\.uid\(\)/.test(s.text)) };
}
