import type { Note } from '../../../../domain/types.js';

/** The words every note of an internal error starts with: the CLI, the summary and the check run key on them. */
export const INTERNAL_ERROR = 'not analysed: internal error';

/** A note naming a file the engine could not analyse because of its own fault (not the file's). */
export function internalErrorNote(path: string, err: unknown, what?: string): Note {
  const message = err instanceof Error ? err.message : String(err);
  return { path, message: `${INTERNAL_ERROR}${what ? ` (${what})` : ''}: ${message.slice(0, 300)}` };
}

/** True for a note that makes a review incomplete: something the engine should have analysed and did not. */
export function isInternalError(note: Note): boolean {
  return note.message.startsWith(INTERNAL_ERROR);
}

/** "2 files not analysed (internal error): a.py, b.sql", for the analyzer's detail line. */
export function describeInternalErrors(notes: readonly Note[]): string | undefined {
  const paths = [...new Set(notes.filter(isInternalError).map((n) => n.path ?? '?'))];
  if (!paths.length) return undefined;
  const shown = paths.slice(0, 5).join(', ') + (paths.length > 5 ? `, and ${paths.length - 5} more` : '');
  return `${paths.length} file${paths.length > 1 ? 's' : ''} not analysed (internal error): ${shown}`;
}
