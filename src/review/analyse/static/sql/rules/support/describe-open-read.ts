import type { Severity } from '../../../../../../domain/types.js';
import type { Policy, Table } from '../../model/types.js';
import { code, listOf } from './format.js';
import type { OpenRead } from './open-read.js';

const OWNER_NAME = /^(user|owner|member|author|creator|account|profile)_id$|^created_by$/;

/**
 * The report text for a SELECT policy that reads every row: high when it removes a filter or ignores
 * the table's own privacy flags (rows the author meant to hide), medium when it exposes personal data.
 */
export function describeOpenRead(policy: Policy, read: OpenRead): { severity: Severity; title: string; message: string } {
  const table = code(policy.table.name.key);
  const flags = read.privacy.filter((c) => !/(^|_)private_|_private$/.test(c) || /^is_/.test(c));
  const privateColumns = read.privacy.filter((c) => !flags.includes(c));
  const exposed = [
    ...(flags.length ? [`the rows ${listOf(flags.map(code))} ${flags.length > 1 ? 'hide' : 'hides'}`] : []),
    ...[...privateColumns, ...read.sensitive].map(code),
  ];
  const including = exposed.length ? `, including ${listOf(exposed)}` : '';
  if (read.parent && !read.broadened && !read.privacy.length && !read.sensitive.length) {
    const { table: parent, fk } = read.parent;
    const through = fk.columns.length === 1 && fk.referencedColumns.length <= 1
      ? ` (e.g. \`using (exists (select 1 from ${parent.name.key} p where p.${fk.referencedColumns[0] ?? 'id'} = ${fk.columns[0]}))\`: the parent's own policies then decide)`
      : '';
    return {
      severity: 'high',
      title: "Read policy that opens rows of parents the caller may not read",
      message:
        `Policy "${policy.name}" is always true, so every signed-in user can read every row of ${table}, while its rows belong to ` +
        `${code(parent.name.key)} through ${code(fk.columns.join(', '))}, whose policy "${read.parent.policy.name}" lets each caller read only some of them: ` +
        `the children of everyone else's rows are readable here. Scope this policy through the parent${through}.`,
    };
  }
  if (!read.broadened && !read.privacy.length) {
    return {
      severity: 'medium',
      title: 'Read policy that exposes personal data to everyone',
      message:
        `Policy "${policy.name}" lets ${policy.roles.join(', ')} read every row of ${table}${including}. Scope it to the ` +
        'owner, or serve the public columns through a security_invoker view and keep this table owner-only.',
    };
  }
  const who = policy.roles.some((r) => r === 'anon' || r === 'public') ? 'anyone holding the public anon key' : 'every signed-in user';
  const replaced = read.broadened ? ` replaces "${read.broadened.policy.name}", which filtered the rows, and` : '';
  const filter = rowFilter(policy.table, flags[0]);
  return {
    severity: 'high',
    title: 'Read policy that opens private rows to everyone',
    message:
      `Policy "${policy.name}"${replaced} is always true, so ${who} can read every row of ${table}${including}. ` +
      `Hiding rows in the app is not access control: keep a row filter in the policy${filter ? ` (e.g. \`using (${filter})\`)` : ''} ` +
      'and, if the filter was slow, index the columns it reads.',
  };
}

/** "not is_private or member_id = (select auth.uid())" from the table's own flag and owner column. */
function rowFilter(table: Table, flag: string | undefined): string | undefined {
  const owner =
    table.foreignKeys.find((fk) => fk.references === 'auth.users' && fk.columns.length === 1)?.columns[0] ??
    [...table.columns.keys()].find((c) => OWNER_NAME.test(c));
  const visible = flag === 'visibility' ? "visibility = 'public'" : flag && /private|hidden|draft|unlisted|anonym/.test(flag) ? `not ${flag}` : flag;
  const mine = owner ? `${owner} = (select auth.uid())` : undefined;
  return [visible, mine].filter(Boolean).join(' or ') || undefined;
}
