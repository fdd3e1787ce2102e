/** Every policy with its command, roles and deparsed clauses, shared by the policy lints. */
export const POLICIES_SQL = `
select n.nspname as schema, c.relname as tbl, p.polname as name, p.polcmd::text as cmd, p.polpermissive as permissive, c.relrowsecurity as rls,
       coalesce(pg_get_expr(p.polqual, p.polrelid), '') as qual, coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') as chk,
       array(select case when r = 0 then 'public' else pg_get_userbyid(r)::text end from unnest(p.polroles) r) as roles,
       (n.nspname = any($1::text[])) as exposed,
       exists (select 1 from pg_depend d join pg_proc f on f.oid = d.refobjid
                where d.classid = 'pg_policy'::regclass and d.objid = p.oid and d.refclassid = 'pg_proc'::regclass
                  and f.prosrc ~* 'user_meta_?data') as metadata_function,
       array(select a.attname::text from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
              where i.indrelid = c.oid) as leading,
       array(select a.attname::text from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns
  from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace`;

export const COMMANDS: Record<string, string> = { r: 'select', a: 'insert', w: 'update', d: 'delete', '*': 'all' };

export const policyKey = (row: Record<string, unknown>) => `policy:${row.schema}.${row.tbl}.${row.name}`;

/** True when the policy applies to a Data API role (anon, authenticated, or PUBLIC). */
export function forApiRoles(roles: readonly string[]): boolean {
  return roles.some((r) => r === 'public' || r === 'anon' || r === 'authenticated');
}
