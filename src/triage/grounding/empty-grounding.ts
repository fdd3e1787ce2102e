import type { RepoGrounding } from './types.js';

/** A grounding with nothing in it, for a plan made when the repository could not be read: it then names nothing as existing. */
export function emptyGrounding(why: string): RepoGrounding {
  return {
    ref: 'unknown',
    paths: [],
    backend: { verdict: 'unknown', evidence: why },
    supabase: false,
    tables: [],
    routes: [],
    models: [],
    layout: { tests: 'tests/', migrations: { tool: 'none' } },
    notes: [why],
  };
}
