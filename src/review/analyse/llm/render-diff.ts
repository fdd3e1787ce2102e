import { parseHunks } from '../../collect/parse-patch.js';
import type { ChangedFile } from '../../../domain/types.js';
import { revealInvisible } from '../../../security/untrusted.js';

/**
 * One file's diff as the model reads it: each added and context line carries its new-file number,
 * so a finding can cite it exactly; deleted lines carry none (they cannot hold a comment).
 *
 *   --- app/routers/orders.py (modified)
 *   @@ -10,4 +10,5 @@ def list_orders
 *   10  rows = await db.fetch(q)
 *   11 +for row in rows:
 *      -return rows
 */
export function renderNumberedDiff(file: ChangedFile): string {
  const header = `--- ${file.path} (${describeStatus(file)})`;
  const hunks = parseHunks(file.patch);
  if (!hunks.length) return `${header}\n(no textual changes)`;
  const width = String(Math.max(1, ...hunks.map((h) => h.newStart + h.newLines))).length;
  const blank = ' '.repeat(width);
  const out = [header];
  for (const hunk of hunks) {
    out.push(hunk.content);
    for (const change of hunk.changes) {
      if (change.content.startsWith('\\')) continue;
      const code = revealInvisible(change.content.slice(1));
      // Trailing blanks carry nothing for a review and cost tokens.
      if (change.type === 'add') out.push(`${String(change.ln).padStart(width)} +${code}`.trimEnd());
      else if (change.type === 'del') out.push(`${blank} -${code}`.trimEnd());
      else out.push(`${String(change.ln2).padStart(width)}  ${code}`.trimEnd());
    }
  }
  return out.join('\n');
}

function describeStatus(file: ChangedFile): string {
  if (file.previousPath && file.previousPath !== file.path) return `renamed from ${file.previousPath}`;
  return file.status;
}
