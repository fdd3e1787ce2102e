import { parse } from 'smol-toml';
import type { Note } from '../../../../domain/types.js';

export const CONFIG_PATH = 'supabase/config.toml';
const DEFAULT_SCHEMAS = ['public', 'graphql_public'];

export interface SupabaseConfig {
  /** True when the file exists. */
  present: boolean;
  /** The schemas the Data API (PostgREST) serves: `[api] schemas`. */
  exposedSchemas: string[];
  /** `[db] major_version`; undefined when not stated. */
  pgMajor: number | undefined;
}

/**
 * Reads supabase/config.toml. A missing file or key means Supabase's defaults; a file that does not
 * parse also falls back to them, with a note.
 */
export function readSupabaseConfig(text: string | null, notes: Note[]): SupabaseConfig {
  if (text === null) return { present: false, exposedSchemas: DEFAULT_SCHEMAS, pgMajor: undefined };
  try {
    const doc = parse(text) as { api?: { enabled?: unknown; schemas?: unknown }; db?: { major_version?: unknown } };
    // With the Data API turned off, no schema is served to anon or authenticated clients.
    const schemas = doc.api?.enabled === false ? [] : doc.api?.schemas;
    const major = doc.db?.major_version;
    return {
      present: true,
      exposedSchemas: Array.isArray(schemas) ? schemas.filter((s): s is string => typeof s === 'string') : DEFAULT_SCHEMAS,
      pgMajor: typeof major === 'number' ? major : undefined,
    };
  } catch (err) {
    notes.push({ path: CONFIG_PATH, message: `${CONFIG_PATH} does not parse (${(err as Error).message}); assumed the default exposed schemas` });
    return { present: true, exposedSchemas: DEFAULT_SCHEMAS, pgMajor: undefined };
  }
}
