export type CommentSyntax = 'sql' | 'python';

/**
 * The comment block a reader takes to be about the code right below it: contiguous comment lines
 * ending on the line above, or separated from it by one blank line at most. `above` holds the lines
 * before the code, nearest last. Returns the comment text without its markers ('' when none).
 */
export function attachedComment(above: readonly string[], syntax: CommentSyntax): string {
  let i = above.length - 1;
  if (i >= 0 && !above[i].trim()) i--;
  const block: string[] = [];
  for (; i >= 0; i--) {
    const line = above[i].trim();
    if (!line || !isCommentLine(line, syntax)) break;
    block.unshift(stripMarkers(line, syntax));
  }
  return block.join('\n').trim();
}

/**
 * The comment attached to a statement, read from its preamble (the text since the previous
 * statement ended). The preamble's last piece is the indentation on the statement's own line and its
 * first piece ends the previous statement's line (`; -- trailing note`), so neither is a comment line.
 */
export function preambleComment(preamble: string): string {
  return attachedComment(preamble.split('\n').slice(0, -1), 'sql');
}

function isCommentLine(line: string, syntax: CommentSyntax): boolean {
  if (syntax === 'python') return line.startsWith('#');
  return line.startsWith('--') || line.startsWith('/*') || line.startsWith('*') || line.endsWith('*/');
}

function stripMarkers(line: string, syntax: CommentSyntax): string {
  if (syntax === 'python') return line.replace(/^#+\s?/, '');
  return line.replace(/^(--+|\/\*+|\*+(?!\/))\s?/, '').replace(/\*+\/$/, '').trim();
}
