import { readSupabaseConfig } from '../../../../../src/review/analyse/static/sql/supabase-config.js';
import type { Note } from '../../../../../src/domain/types.js';

describe('readSupabaseConfig', () => {
  it('reads the exposed schemas and the Postgres major version', () => {
    const notes: Note[] = [];
    const config = readSupabaseConfig('[api]\nschemas = ["public", "api"]\n[db]\nmajor_version = 14\n', notes);
    expect(config).toEqual({ present: true, exposedSchemas: ['public', 'api'], pgMajor: 14 });
    expect(notes).toEqual([]);
  });

  it("defaults to Supabase's exposed schemas, and exposes none when the API is off", () => {
    expect(readSupabaseConfig(null, []).exposedSchemas).toEqual(['public', 'graphql_public']);
    expect(readSupabaseConfig('[db]\nport = 1\n', []).exposedSchemas).toEqual(['public', 'graphql_public']);
    expect(readSupabaseConfig('[api]\nenabled = false\nschemas = ["public"]\n', []).exposedSchemas).toEqual([]);
  });

  it('falls back to the defaults with a note when the file does not parse', () => {
    const notes: Note[] = [];
    expect(readSupabaseConfig('[api\nschemas = ', notes).exposedSchemas).toEqual(['public', 'graphql_public']);
    expect(notes).toHaveLength(1);
  });
});
