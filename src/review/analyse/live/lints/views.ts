import { apiRolesWith } from './lint-api.js';

/** The SELECT (or ALL) policies of table alias `t` that apply to role `r` (directly, through a group, or PUBLIC) and meet `cond`. */
const readPolicies = (t: string, r: string, cond: string) =>
  `select 1 from pg_policy p where p.polrelid = ${t}.oid and p.polcmd in ('r', '*') and ${cond}
      and exists (select 1 from unnest(p.polroles) pr where pr = 0 or pg_has_role(${r}, pr, 'member'))`;

/** Views and materialized views of the exposed schemas: options, readers, and the relations they read. */
export const VIEWS_SQL = `
select n.nspname as schema, c.relname as name, c.relkind::text as kind,
       coalesce((select lower(option_value) in ('true', 'on', '1', 'yes') from pg_options_to_table(c.reloptions) where option_name = 'security_invoker'), false) as invoker,
       ${apiRolesWith((r) => `has_schema_privilege(${r}, n.oid, 'usage') and has_table_privilege(${r}, c.oid, 'select')`)} as roles,
       array(select distinct dn.nspname || '.' || dc.relname
               from pg_rewrite w join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = w.oid and d.refclassid = 'pg_class'::regclass
               join pg_class dc on dc.oid = d.refobjid join pg_namespace dn on dn.oid = dc.relnamespace
              where w.ev_class = c.oid and dc.oid <> c.oid) as sources,
       array(select distinct dn.nspname || '.' || dc.relname
               from pg_rewrite w join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = w.oid and d.refclassid = 'pg_class'::regclass
               join pg_class dc on dc.oid = d.refobjid join pg_namespace dn on dn.oid = dc.relnamespace
              where w.ev_class = c.oid and dc.oid <> c.oid and dc.relrowsecurity
                -- Kept only when RLS hides rows from one of the view's readers: not when select policies show them every row.
                and exists (select 1 from unnest(array['anon', 'authenticated']) r
                             where has_schema_privilege(r, n.oid, 'usage') and has_table_privilege(r, c.oid, 'select')
                               and not (exists (${readPolicies('dc', 'r', 'p.polpermissive and pg_get_expr(p.polqual, p.polrelid) = \'true\'')})
                                        and not exists (${readPolicies('dc', 'r', 'not p.polpermissive')})))) as rls_sources,
       -- Relations read that one of the view's API readers may not select itself (no schema usage or no grant).
       array(select distinct dn.nspname || '.' || dc.relname
               from pg_rewrite w join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = w.oid and d.refclassid = 'pg_class'::regclass
               join pg_class dc on dc.oid = d.refobjid join pg_namespace dn on dn.oid = dc.relnamespace
              where w.ev_class = c.oid and dc.oid <> c.oid
                and exists (select 1 from unnest(array['anon', 'authenticated']) r
                             where has_schema_privilege(r, n.oid, 'usage') and has_table_privilege(r, c.oid, 'select')
                               and not (has_schema_privilege(r, dn.oid, 'usage') and has_table_privilege(r, dc.oid, 'select')))) as hidden_sources,
       current_setting('server_version_num')::int >= 150000 as invoker_supported,
       ${apiRolesWith((r) => `has_schema_privilege(${r}, 'auth', 'usage') and coalesce(has_table_privilege(${r}, to_regclass('auth.users'), 'select'), false)`)} as auth_users_readers,
       pg_get_viewdef(c.oid) ~* 'where[\\s\\S]*auth\\.(uid|jwt)\\(' as filters_by_caller
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('v', 'm') and n.nspname = any($1::text[])`;

/** A view runs with its owner's rights unless security_invoker is on; a materialized view always does. */
export const bypassesRls = (row: Record<string, unknown>) => row.kind === 'm' || !row.invoker;
