import { code, type LiveLint } from './lint-api.js';
import { ruleMeta } from '../../../../catalog/index.js';

/**
 * Several permissive policies for one API role and action where some are redundant: two with the same condition, or
 * one that admits every row (`using (true)`) beside others. PostgreSQL ORs the permissive policies into one qual, so
 * merging distinct conditions into one policy gives the same plan (Supabase's lint 0006 asks for that; judged on real
 * projects it was lint-level every time); a redundant one is still evaluated for every row and changes nothing, and a
 * reader of the table's rules is misled. A policy that can admit nothing for that action (a "deny" written as
 * permissive, `using (false)`) is folded away by the planner and is not counted.
 */
const EXPR = `coalesce(pg_get_expr(case a.action when 'insert' then p.polwithcheck else p.polqual end, p.polrelid), '')`;

export const multiplePermissivePoliciesLint: LiveLint = {
  meta: ruleMeta('multiple-permissive-policies'),
  supabaseOnly: true,
  // Storage objects are always read through the Storage API, as the user.
  apiTable: (row) => (row.schema === 'storage' ? undefined : String(row.tbl)),
  sql: `
select n.nspname as schema, c.relname as tbl, r.role, a.action, array_agg(p.polname::text order by p.polname) as names,
       bool_or(${EXPR} = 'true') as admits_all
  from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
 cross join lateral unnest(case when 0 = any(p.polroles) then array['anon', 'authenticated']
                                else array(select pg_get_userbyid(x)::text from unnest(p.polroles) x) end) as r(role)
 cross join lateral unnest(case p.polcmd when '*' then array['select', 'insert', 'update', 'delete'] when 'r' then array['select']
                                when 'a' then array['insert'] when 'w' then array['update'] else array['delete'] end) as a(action)
 where p.polpermissive and n.nspname = any($1::text[]) and r.role in ('anon', 'authenticated')
   -- A policy that admits nothing for the action (\`using (false)\`, an insert's \`with check (false)\`) adds no term to the OR.
   and ${EXPR} <> 'false'
 group by 1, 2, 3, 4 having count(*) > 1
   -- Redundant: two policies of the same condition, or one that admits every row.
   and (count(distinct ${EXPR}) < count(*) or bool_or(${EXPR} = 'true'))`,
  report(row) {
    const names = (Array.isArray(row.names) ? row.names : String(row.names).replace(/^\{|\}$/g, '').split(',')).map((n) => String(n).replace(/^"|"$/g, ''));
    const why = row.admits_all === true || row.admits_all === 't'
      ? 'one of them admits every row (`true`), so the others change nothing'
      : 'two of them have the same condition, so one changes nothing';
    return {
      keys: names.map((n) => `policy:${row.schema}.${row.tbl}.${n}`),
      message:
        `${code(`${row.schema}.${row.tbl}`)} has ${names.length} permissive policies for ${row.role} ${row.action} ` +
        `(${names.map((n) => `"${n}"`).join(', ')}): ${why}, yet PostgreSQL evaluates each of them for every row. ` +
        'Drop the redundant policy, or keep the one whose rule you mean.',
    };
  },
};
