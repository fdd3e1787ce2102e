import type { PlanContext } from './context.js';
import { addMigration, addStep, newDraft, type Draft } from './draft.js';
import { migrationHow } from './migration-files.js';
import { addNotifyStep } from './notify.js';
import { pytestModule } from './pytest-text.js';
import { addIndexStep, understoodTarget } from './shared-steps.js';
import { ident, keyColumn, tableRef, timeColumn } from './sql-text.js';

/**
 * Tell people about rows as their time comes ("a reminder the day before the appointment"): a
 * scheduled job that finds the due rows with one query, records that they were handled so no one
 * is told twice, and sends after the commit. Not an HTTP route: no request is there to trigger it.
 */
export function planNotify(ctx: PlanContext): Draft {
  const draft = newDraft();
  const target = ctx.target!;
  const time = timeColumn(target);
  understoodTarget(draft, ctx, `tell people about ${ctx.naming.plural} ahead of time${time ? ` (by \`${time}\`)` : ''}`, null);
  const sent = target.columns.find((c) => /^(reminded|notified|reminder_sent)_at$/.test(c.name))?.name ?? 'reminded_at';
  if (!target.columns.some((c) => c.name === sent)) {
    const sql = `alter table ${tableRef(target)} add column ${ident(sent)} timestamptz;`;
    const file = addMigration(draft, ctx, { slug: `${target.name}_${sent.replace(/_at$/, '')}`, sql, purpose: `Record when each ${ctx.naming.singular} was announced, so nobody is told twice.` });
    addStep(draft, { title: `Record on \`${target.key}\` that the reminder went out`, detail: `A nullable \`${sent}\` (adding it does not rewrite the table). ${migrationHow(ctx.grounding.layout)}`, files: [...(file ? [file] : []), ...(ctx.files.orm ? [ctx.files.orm] : [])], sql: file ? undefined : sql });
  }
  const due = time
    ? `update ${tableRef(target)}\n   set ${ident(sent)} = now()\n where ${ident(time)} >= $1\n   and ${ident(time)} < $2\n   and ${ident(sent)} is null\nreturning ${ident(keyColumn(target))};`
    : undefined;
  addStep(draft, {
    title: 'Claim the due rows in one statement, on a schedule',
    detail: `A job that runs every few minutes (cron, a worker, or pg_cron in Supabase; not a request handler) claims the rows whose time falls in the window and stamps them in the same statement, so two runs never claim the same row.`,
    files: [ctx.files.notifier ?? { path: `${ctx.grounding.layout.services ?? (ctx.grounding.layout.app ? ctx.grounding.layout.app.replace(/[^/]+$/, '') : '')}reminders.py`, new: true }],
    sql: due,
  });
  addNotifyStep(draft, ctx, { inJob: true });
  if (time) addIndexStep(draft, ctx, [time]);
  draft.tests.push({
    path: ctx.files.tests.path.replace(/test_[^/]+\.py$/, `test_${target.name}_reminders.py`),
    new: true,
    code: pytestModule({
      about: `Tests for the ${ctx.naming.singular} reminders job (call the job function directly).`,
      fixtures: [`db: a session with ${ctx.naming.plural} due in the window and later`, 'sent: a fake sender that records the messages'],
      cases: [
        { name: 'test_due_rows_are_announced_once', doc: 'Each due row is sent once, even when the job runs twice.', fixtures: ['db', 'sent'], then: ['# run the job twice over the same window', 'assert len(sent) == 1  # one message per due row', '# rows due later got nothing yet'] },
        { name: 'test_nothing_is_sent_when_the_claim_rolls_back', doc: 'A failed run leaves the rows unclaimed and sends nothing.', fixtures: ['db', 'sent'], then: ['assert sent == []'] },
      ],
    }),
  });
  draft.questions.push('Which scheduler does the team run (cron, Celery beat, pg_cron)?', `How long before \`${time ?? 'the start'}\` should the reminder go, and in whose time zone?`);
  return draft;
}
