import type { Note } from '../../../../../domain/types.js';

/** The words every analyzer uses for a file it could not analyse because of its own defect. */
export const INTERNAL_ERROR = 'not analysed: internal error';

/** A note naming the file (and line) an internal error cost, with the error. */
export function internalErrorNote(params: { path: string; line?: number; err: unknown }): Note {
  const { path, line, err } = params;
  const text = err instanceof Error ? err.message : String(err);
  return { path, ...(line !== undefined ? { line } : {}), message: `${INTERNAL_ERROR}: ${text}` };
}

/** True when a note says an internal error cost a file: the review is then incomplete. */
export function isInternalError(note: Note): boolean {
  return note.message.startsWith(INTERNAL_ERROR);
}
