import parseDiff from 'parse-diff';
import type { CommentableLines } from '../../domain/types.js';

/**
 * Maps one file's patch (GitHub's `files[].patch`, or a `git diff` of one file) to the lines a
 * review comment may target: RIGHT for added and context lines by new number, LEFT for deleted
 * lines by old number. The "\ No newline at end of file" marker is not a line.
 */
export function parseCommentableLines(patch: string): CommentableLines {
  const right = new Set<number>();
  const left = new Set<number>();
  const added = new Set<number>();
  if (!patch) return { right, left, added };
  for (const file of parseDiff(patch)) {
    for (const chunk of file.chunks) {
      for (const change of chunk.changes) {
        if (change.content.startsWith('\\')) continue;
        if (change.type === 'add') {
          right.add(change.ln);
          added.add(change.ln);
        } else if (change.type === 'del') {
          left.add(change.ln);
        } else {
          right.add(change.ln2);
        }
      }
    }
  }
  return { right, left, added };
}

/** The hunks of a patch as parse-diff sees them, for callers that need old/new ranges. */
export function parseHunks(patch: string): parseDiff.Chunk[] {
  if (!patch) return [];
  return parseDiff(patch).flatMap((file) => file.chunks);
}
