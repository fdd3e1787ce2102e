import type { Note, RepoSnapshot } from '../../domain/types.js';
import { loadPgParser, type PgParser } from '../../review/analyse/static/parsers/pg-parser.js';
import { replay } from '../../review/analyse/static/sql/model/replay.js';
import type { SchemaModel } from '../../review/analyse/static/sql/model/types.js';
import { buildStatements } from '../../review/analyse/static/sql/statements/build-statements.js';
import { loadMigrationSources } from '../../review/analyse/static/sql/statements/load-sources.js';
import { supabaseConfigPath } from '../../review/analyse/static/sql/source/migration-paths.js';
import type { SqlSource } from '../../review/analyse/static/sql/source/sql-source.js';
import { readSupabaseConfig } from '../../review/analyse/static/sql/supabase-config.js';

/**
 * The schema as the review's SQL engine sees it: every migration of the tree replayed, in the order
 * its tool applies them, into the model the SQL rules run on. Kept beside the grounding so that a
 * plan's own SQL can be replayed on top of it and reviewed by the same rules.
 */
export interface ReplayedSchema {
  parser: PgParser;
  model: SchemaModel;
  sources: SqlSource[];
  /** A Supabase project: supabase/ in the tree, or SQL that uses auth.* or the API roles. */
  supabase: boolean;
  exposedSchemas: string[];
  pgMajor: number;
}

export async function replaySchema(params: { repo: RepoSnapshot; paths: readonly string[]; notes: Note[] }): Promise<ReplayedSchema> {
  const { repo, paths, notes } = params;
  const parser = await loadPgParser();
  const loaded = await loadMigrationSources({ repo, paths, changed: [] });
  notes.push(...loaded.notes);
  const built = buildStatements({ parser, sources: loaded.sources, added: new Map() });
  notes.push(...built.notes);
  const model = replay(built.statements, notes);
  const configPath = supabaseConfigPath(paths);
  const config = readSupabaseConfig(configPath ? await repo.readText(configPath) : null, notes);
  const supabase =
    config.present || paths.some((p) => /(^|\/)supabase\//.test(p)) || loaded.sources.some((s) => /\bauth\.(uid|jwt|role|users)\b|\bto\s+(anon|authenticated)\b/i.test(s.text));
  return { parser, model, sources: loaded.sources, supabase, exposedSchemas: config.exposedSchemas, pgMajor: config.pgMajor ?? 15 };
}
