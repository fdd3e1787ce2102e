import { rolesOf, type LiveLint } from './lint-api.js';
import { policyKey } from './policies.js';
import { insertWithoutCheckMessage } from '../../static/sql/rules/support/insert-without-check.js';
import { ruleMeta } from '../../../../catalog/index.js';

/** Permissive INSERT policies stored without a check, and whether another INSERT/ALL policy admits rows for one of their roles. */
const INSERT_WITHOUT_CHECK_SQL = `
select n.nspname as schema, c.relname as tbl, p.polname as name,
       array(select case when r = 0 then 'public' else pg_get_userbyid(r)::text end from unnest(p.polroles) r) as roles,
       exists (select 1 from pg_policy o
                where o.polrelid = p.polrelid and o.oid <> p.oid and o.polpermissive and o.polcmd in ('a', '*')
                  and coalesce(o.polwithcheck, o.polqual) is not null
                  and (0 = any(o.polroles) or o.polroles && p.polroles)) as others_admit
  from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
 where p.polcmd = 'a' and p.polpermissive and p.polwithcheck is null and c.relrowsecurity`;

export const rlsInsertPolicyWithoutCheckLint: LiveLint = {
  meta: ruleMeta('rls-insert-policy-without-check'),
  supabaseOnly: false,
  sql: INSERT_WITHOUT_CHECK_SQL,
  report(row) {
    return {
      keys: [policyKey(row)],
      message: insertWithoutCheckMessage(String(row.name), `${row.schema}.${row.tbl}`, rolesOf(row.roles), row.others_admit === true),
    };
  },
};
