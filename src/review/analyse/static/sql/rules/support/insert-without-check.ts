import { code } from './format.js';

/** The finding's words, for the static rule and the live lint alike. */
export function insertWithoutCheckMessage(name: string, table: string, roles: readonly string[], othersAdmit: boolean): string {
  const effect = othersAdmit
    ? 'Rows get in only through the other INSERT policies of the table, so this one does nothing.'
    : `No other policy admits an insert for ${roles.join(', ')}, so every insert into ${code(table)} as ${roles.length === 1 ? 'that role' : 'those roles'} fails.`;
  return (
    `INSERT policy "${name}" on ${code(table)} (for ${roles.join(', ')}) has no WITH CHECK. PostgreSQL stores no check for it and admits ` +
    `no new row through it: an insert it was meant to allow fails with "new row violates row-level security policy". ${effect} ` +
    `Add the check the insert needs, e.g. \`with check ((select auth.uid()) = user_id)\`; never \`with check (true)\`, which lets anyone insert rows for anyone.`
  );
}
