import type { AnalyzerContext } from '../shared/analyzer.js';
import type { Note } from '../../../domain/types.js';
import { readSupabaseConfig } from '../static/sql/supabase-config.js';
import { supabaseConfigPath } from '../static/sql/source/migration-paths.js';
import type { LintScope } from './lints/lint-api.js';
import type { Migration } from './statements.js';

const SUPABASE_SQL = /\bauth\.(uid|jwt|role|users)\b|\bto\s+(anon|authenticated)\b/i;

/**
 * Whether the project is served by Supabase's Data API (a supabase/ folder or config, or migrations
 * that speak of auth.* and the API roles), and which schemas it exposes ([api] schemas).
 */
export async function readProjectScope(ctx: AnalyzerContext, migrations: readonly Migration[], notes: Note[]): Promise<LintScope> {
  const paths = await ctx.repo.listPaths();
  const configPath = supabaseConfigPath(paths);
  const config = readSupabaseConfig(configPath ? await ctx.repo.readText(configPath) : null, notes);
  const supabase = config.present || paths.some((p) => /(^|\/)supabase\//.test(p)) || migrations.some((m) => SUPABASE_SQL.test(m.text));
  return { supabase, exposed: supabase ? config.exposedSchemas : [] };
}
