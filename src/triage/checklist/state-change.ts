import type { GroundTable } from '../grounding/types.js';
import type { PlanContext } from './context.js';
import { addMigration, addStep, type Draft, article } from './draft.js';
import { migrationHow } from './migration-files.js';
import { ident, stampColumn, statusColumn, tableRef } from './sql-text.js';

/** How a change is written to a row: `set status = 'cancelled'`, `set cancelled_at = now()`, or a delete. */
export interface RowChange {
  kind: 'update' | 'delete';
  /** The SET list of the UPDATE: column and value, null for a value the request binds. Empty when the request does not say which columns. */
  set: [string, string | null][];
  /** A condition that skips rows already changed, so a repeated request changes nothing. */
  notYet?: string;
  /** What the change is, in words, for the understanding and the steps. */
  words: string;
}

/**
 * Decides how the state is recorded, from the target's columns: an existing status or timestamp
 * column is used as it is; otherwise the plan adds a nullable timestamp column (instant on any
 * table size) in a migration, or asks when the repository has no migrations.
 */
export function recordChange(draft: Draft, ctx: PlanContext, action: 'cancel' | 'delete' | 'update'): RowChange {
  const target = ctx.target!;
  if (action === 'update') return updateChange(draft, ctx, target);
  const status = statusColumn(target);
  const stamp = stampColumn(target, action);
  // "Archive" asks to keep the rows: a timestamp, like a cancellation, never a DELETE.
  const archive = action === 'delete' && /^archiv/.test(ctx.reading.verb ?? '');
  const state = action === 'cancel' ? 'cancelled' : archive ? 'archived' : 'deleted';
  if (stamp) return { kind: 'update', set: [[stamp, 'now()']], notYet: `${ident(stamp)} is null`, words: `sets \`${stamp}\`` };
  if (status && action === 'cancel') {
    draft.questions.push(`Which values does \`${target.name}.${status}\` take, and from which of them may ${article(ctx.naming.singular)} be cancelled? The plan writes '${state}'.`);
    return { kind: 'update', set: [[status, `'${state}'`]], notYet: `${ident(status)} <> '${state}'`, words: `sets \`${status}\` to '${state}'` };
  }
  if (action === 'delete' && !archive) {
    draft.questions.push(`Delete the ${ctx.naming.plural} for good, or keep them (a \`deleted_at\` column) for history and undo?`);
    return { kind: 'delete', set: [], words: 'deletes the rows' };
  }
  const column = `${state}_at`;
  const sql = `alter table ${tableRef(target)} add column ${ident(column)} timestamptz;`;
  const file = addMigration(draft, ctx, { slug: `${ctx.naming.plural}_${column.replace(/_at$/, '')}`, sql, purpose: `Record when ${article(ctx.naming.singular)} was ${state}.` });
  addStep(draft, {
    title: `Record the ${state} state on \`${tableRef(target)}\``,
    detail: `A new nullable column \`${column}\` (no default, so adding it does not rewrite the table): the rows stay for history and a ${state} ${ctx.naming.singular} can be told apart and restored. ${migrationHow(ctx.grounding.layout)}${ctx.files.orm ? ` Map it on the ORM model too (\`${column}: Mapped[datetime | None]\`).` : ''}`,
    files: [...(file ? [file] : []), ...(ctx.files.orm ? [ctx.files.orm] : [])],
    sql: file ? undefined : sql,
  });
  if (!file) draft.questions.push(`The repository has no migrations (\`create_all\` never alters a table): add Alembic for this change, or apply the \`alter table\` by hand?`);
  return { kind: 'update', set: [[column, 'now()']], notYet: `${ident(column)} is null`, words: `sets the new \`${column}\`` };
}

function updateChange(draft: Draft, ctx: PlanContext, target: GroundTable): RowChange {
  const named = ctx.matches.columns.filter((c) => c.table.key === target.key).map((c) => c.column);
  if (!named.length) {
    draft.questions.push(`Which columns of \`${tableRef(target)}\` may be changed, and by whom?`);
    return { kind: 'update', set: [], words: 'changes the requested columns' };
  }
  return { kind: 'update', set: named.map((c) => [c, null]), words: `changes ${named.map((c) => `\`${c}\``).join(', ')}` };
}
