import type { GroundTable } from '../grounding/types.js';
import { singular } from '../match/words.js';
import type { PlanContext } from './context.js';
import { addStep, type Draft } from './draft.js';
import { ident, keyColumn, tableRef } from './sql-text.js';

const OUTBOX = /(^|_)(notifications?|outbox|messages?|emails?)$/;

function userColumnOf(t: GroundTable): string | undefined {
  return t.ownerColumns[0];
}

/**
 * The people to tell, as one query from the changed rows: through a table that links the target
 * to them (enrolments between lessons and students), or a foreign key on the target itself.
 */
function recipientsSql(ctx: PlanContext, who: GroundTable): string | undefined {
  const target = ctx.target!;
  const user = userColumnOf(who);
  if (!user) return undefined;
  const toTarget = (t: GroundTable) => t.columns.find((c) => c.references === target.key)?.name;
  const toWho = (t: GroundTable) => t.columns.find((c) => c.references === who.key)?.name;
  const direct = toWho(target);
  if (direct) {
    return `select distinct w.${ident(user)}\n  from ${tableRef(target)} t\n  join ${tableRef(who)} w on w.${ident(keyColumn(who))} = t.${ident(direct)}\n where t.${ident(keyColumn(target))} = any($1);`;
  }
  const link = ctx.grounding.tables.find((t) => t.key !== target.key && t.key !== who.key && toTarget(t) && toWho(t));
  if (!link) return undefined;
  return `select distinct w.${ident(user)}\n  from ${tableRef(link)} l\n  join ${tableRef(who)} w on w.${ident(keyColumn(who))} = l.${ident(toWho(link)!)}\n where l.${ident(toTarget(link)!)} = any($1);`;
}

/** The notification step: who is told, found by one query, sent only after the change commits. */
export function addNotifyStep(draft: Draft, ctx: PlanContext, options: { inJob?: boolean; /** The new row names the one person to tell (shared_with). */ recipientColumn?: string } = {}): void {
  const reading = ctx.reading.notify;
  if (!reading || !ctx.target) return;
  const whoWord = options.recipientColumn ? undefined : reading.who;
  const who = whoWord ? ctx.grounding.tables.find((t) => singular(t.name) === singular(whoWord)) : undefined;
  const sql = who ? recipientsSql(ctx, who) : undefined;
  const outbox = ctx.grounding.tables.find((t) => OUTBOX.test(t.name));
  const how = outbox
    ? `insert one row per recipient into \`${tableRef(outbox)}\` in the same transaction as the change, so nobody is told about a change that rolled back and nothing is lost if the process dies; the worker that reads \`${outbox.name}\` sends them`
    : options.inJob
      ? `send them from the job once its claim committed${ctx.files.notifier ? `, through the existing sender in \`${ctx.files.notifier.path}\`` : ''}; a failed send is logged and the row released for the next run`
      : `send them from a FastAPI \`BackgroundTasks\` task that runs after the response, that is after the change committed${ctx.files.notifier ? `, through the existing sender in \`${ctx.files.notifier.path}\`` : ''}; a failure to send is logged and retried, never a failed request`;
  const whom = options.recipientColumn ? `the person in \`${options.recipientColumn}\`` : who ? `the ${who.name} of the changed ${ctx.naming.plural}` : whoWord ? `the ${whoWord}s` : 'the people concerned';
  addStep(draft, {
    title: `Notify ${whom} after the change commits`,
    detail: options.recipientColumn ? `The new row names them; ${how}. A repeated request meets the unique constraint and tells nobody twice.` : `Find them with one query over the ids the change returned, then ${how}.`,
    files: [...(options.inJob ? [] : [ctx.files.router]), ...(ctx.files.notifier ? [ctx.files.notifier] : [])],
    sql,
  });
  if (whoWord && !who) draft.questions.push(`Who exactly must be told? I found no table named after "${whoWord}".`);
  if (who && !sql) draft.questions.push(`How do ${who.name} relate to ${ctx.naming.plural}? I found no table or foreign key linking \`${tableRef(who)}\` to \`${tableRef(ctx.target)}\`.`);
  if (!outbox && !ctx.files.notifier) draft.questions.push(`How should ${whoWord ? `${whoWord}s` : 'they'} be told: e-mail, push or in-app? The repository has no sender yet.`);
  draft.risks.push(`Notifications: sent after the commit (or written to an outbox in the same transaction), never before; a retried ${options.inJob ? 'run' : 'request'} must not notify twice.`);
}
