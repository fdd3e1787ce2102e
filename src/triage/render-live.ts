import { code, neutralise, plural } from '../review/shared/markdown.js';
import type { LiveBlockVerdict, LivePlanVerdict, LiveTableProbe } from './plan/sql-check.js';

/**
 * The live database check in the plan's words, written by the app: per SQL block whether it applied
 * on the replayed schema and what the RLS probes proved (or PostgreSQL's error, or the probe that
 * got through with its evidence), and for the plan which engine checked it, or that it is parsed only.
 */

// Inside code, HTML is shown as written, but a comment opener could still forge a hidden marker.
const inert = (text: string) => text.replace(/<!--/g, '<!- -').replace(/-->/g, '- ->');
const line = (text: string) => neutralise(text.trim()).replace(/\n+/g, ' ');

function list(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

const stop = (text: string) => (/[.!?]\)?$/.test(text) ? text : `${text}.`);

const USER_B_WORDS: Record<string, string> = { read: 'read', update: 'update', delete: 'delete' };

/** "user B cannot read, update or delete user A's rows, nor create rows owned by user A; anon cannot read or insert rows". */
function provenSafe(checks: LiveTableProbe['checks']): string {
  const safe = checks.filter((c) => !c.leaked);
  const parts: string[] = [];
  const onRows = safe.filter((c) => c.as === 'user B' && USER_B_WORDS[c.action]).map((c) => USER_B_WORDS[c.action]);
  const others: string[] = [];
  if (safe.some((c) => c.as === 'user B' && c.action === 'insert')) others.push('create rows owned by user A');
  if (safe.some((c) => c.as === 'user B' && c.action === 'reassign')) others.push('hand its rows to user A');
  if (onRows.length) parts.push(`user B cannot ${list(onRows)} user A's rows${others.length ? `, nor ${others.join(' or ')}` : ''}`);
  else if (others.length) parts.push(`user B cannot ${others.join(' or ')}`);
  const anon = safe.filter((c) => c.as === 'anon').map((c) => c.action);
  if (anon.length) parts.push(`anon cannot ${list(anon)} rows`);
  return parts.join('; ');
}

function describeTable(t: LiveTableProbe): string {
  const leaked = t.checks.filter((c) => c.leaked);
  const safe = provenSafe(t.checks);
  const twoUsers = t.checks.some((c) => c.as === 'user B') ? '' : ' (no column ties its rows to a user, so the two-user probes do not apply)';
  const name = `${code(inert(t.table))}${t.through ? ` (rows owned through ${code(inert(t.through))})` : ''}`;
  if (!leaked.length) return `${name}: ${safe || 'no probe could run'}${twoUsers}`;
  const got = leaked.map((c) => `${c.as} could ${c.action === 'insert' && c.as === 'user B' ? "create a row owned by user A" : c.action === 'reassign' ? 'hand its row to user A' : `${c.action}${c.as === 'user B' ? " user A's row" : ' rows'}`}`);
  const evidence = t.leaks.length ? ` Evidence: ${t.leaks.map(line).join(' ')}` : '';
  return `${name}: the RLS probes got through: ${got.join('; ')}.${safe ? ` Held: ${safe}.` : ''}${evidence}`;
}

/** One block's live verdict in one paragraph; empty when the live check did not look at it. */
export function describeLiveBlock(live: LiveBlockVerdict | undefined): string {
  if (!live) return '';
  switch (live.kind) {
    case 'failed':
      return `❌ PostgreSQL refuses it on the replayed schema${live.line ? ` (line ${live.line} of the block)` : ''}: ${line(live.error)}`;
    case 'not run':
      return `Not applied: ${line(live.reason)}.`;
    case 'prepared':
      return "✅ Prepared on the schema the plan's migrations leave: every table, column, function and parameter type it names resolves.";
    case 'applied': {
      const leaky = live.leaks.length > 0 || live.tables.some((t) => t.checks.some((c) => c.leaked));
      const tables = live.tables.map(describeTable);
      const notes = live.notes.map((n) => ` ${stop(line(n))}`).join('');
      const leaks = live.leaks.map((l) => ` ❌ ${line(l)}`).join('');
      const probes = tables.length ? `; ${tables.join('; ')}` : '';
      return `${stop(`${leaky ? '❌' : '✅'} Applies cleanly on the replayed schema${probes}`)}${leaks}${notes}`;
    }
  }
}

/** The plan-wide line: the engine that checked the SQL, or that the SQL is parsed only, and why. */
export function describeLivePlan(live: LivePlanVerdict | undefined): string {
  if (!live) return '';
  if (live.kind === 'off') return `Parsed only (live database stage off: ${line(live.reason)}).`;
  if (live.kind === 'unavailable') return `⚠️ Parsed only, not checked live: ${stop(line(live.reason))}`;
  const probes = live.probed ? ", RLS probed as two signed-up users (A and B) and as anon, each probe in a transaction rolled back" : '';
  const problems = live.problems.length ? ` The repository's own migrations already fail there, so the schema may miss what they make: ${live.problems.map(line).join('; ')}.` : '';
  return `Checked live on ${line(live.engine)}: the repository's ${plural(live.migrations, 'migration')} replayed in a scratch database, then this plan's SQL${probes}; the database was dropped after.${problems}`;
}
