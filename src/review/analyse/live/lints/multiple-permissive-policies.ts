import { code, type LiveLint } from './lint-api.js';
import { ruleMeta } from '../../../../catalog/index.js';

/**
 * Several permissive policies for one API role and action: PostgreSQL ORs them and evaluates each
 * for every row. A policy that can admit nothing for that action (a "deny" written as permissive,
 * `using (false)`) is folded away by the planner and is not counted. Policies that each test the same column
 * against a different constant (`bucket_id = 'avatars'`, `bucket_id = 'files'`: Storage's policy per bucket)
 * partition the rows: each row passes the cheap test of one at most, and merging them gains nothing.
 */
export const multiplePermissivePoliciesLint: LiveLint = {
  meta: ruleMeta('multiple-permissive-policies'),
  supabaseOnly: true,
  // Storage objects are always read through the Storage API, as the user.
  apiTable: (row) => (row.schema === 'storage' ? undefined : String(row.tbl)),
  sql: `
select n.nspname as schema, c.relname as tbl, r.role, a.action, array_agg(p.polname::text order by p.polname) as names
  from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
 cross join lateral unnest(case when 0 = any(p.polroles) then array['anon', 'authenticated']
                                else array(select pg_get_userbyid(x)::text from unnest(p.polroles) x) end) as r(role)
 cross join lateral unnest(case p.polcmd when '*' then array['select', 'insert', 'update', 'delete'] when 'r' then array['select']
                                when 'a' then array['insert'] when 'w' then array['update'] else array['delete'] end) as a(action)
 where p.polpermissive and n.nspname = any($1::text[]) and r.role in ('anon', 'authenticated')
   -- A policy that admits nothing for the action (\`using (false)\`, an insert's \`with check (false)\`) adds no term to the OR.
   and coalesce(pg_get_expr(case a.action when 'insert' then p.polwithcheck else p.polqual end, p.polrelid), '') <> 'false'
 group by 1, 2, 3, 4 having count(*) > 1
   -- Not a partition by one column's constants: the first \`col = 'constant'\` test of each policy, all on one column, all different.
   and not (count(*) = count(substring(pg_get_expr(case a.action when 'insert' then p.polwithcheck else p.polqual end, p.polrelid) from '\\m(\\w+) = ''[^'']*''::'))
        and count(distinct substring(pg_get_expr(case a.action when 'insert' then p.polwithcheck else p.polqual end, p.polrelid) from '\\m(\\w+) = ''[^'']*''::')) = 1
        and count(distinct substring(pg_get_expr(case a.action when 'insert' then p.polwithcheck else p.polqual end, p.polrelid) from '\\m\\w+ = (''[^'']*'')::')) = count(*))`,
  report(row) {
    const names = (Array.isArray(row.names) ? row.names : String(row.names).replace(/^\{|\}$/g, '').split(',')).map((n) => String(n).replace(/^"|"$/g, ''));
    return {
      keys: names.map((n) => `policy:${row.schema}.${row.tbl}.${n}`),
      message:
        `${code(`${row.schema}.${row.tbl}`)} has ${names.length} permissive policies for ${row.role} ${row.action} ` +
        `(${names.map((n) => `"${n}"`).join(', ')}); PostgreSQL evaluates each of them for every row. Merge them into one.`,
    };
  },
};
