import type { LiveSession } from './shared/session.js';

/**
 * Every user object of the database with a digest of its definition, keyed so that base and head
 * can be compared: `rel:public.notes`, `policy:public.notes.Owners read`, `func:public.f(uuid)`,
 * `index:public.notes_pkey`, `con:public.notes.notes_owner_fkey`, `ext:pgcrypto`.
 */
export type CatalogSnapshot = Map<string, string>;

const SYSTEM = `('pg_catalog', 'information_schema', 'pg_toast')`;

const OBJECTS_SQL = `
select 'rel:' || n.nspname || '.' || c.relname as key,
       md5(concat_ws('|', c.relkind, c.relrowsecurity, c.relforcerowsecurity, c.relacl::text, c.reloptions::text,
         (select string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull || ' ' || coalesce(a.attacl::text, ''), ',' order by a.attnum)
            from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped),
         case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid) end)) as digest
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p', 'v', 'm', 'f') and n.nspname not in ${SYSTEM} and n.nspname not like 'pg_temp%'
union all
select 'policy:' || n.nspname || '.' || c.relname || '.' || p.polname,
       md5(concat_ws('|', p.polcmd, p.polpermissive, p.polroles::text, pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)))
  from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
union all
select 'func:' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
       md5(concat_ws('|', p.prosrc, p.prosecdef, p.proconfig::text, p.proacl::text, p.provolatile, p.prorettype))
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
 where n.nspname not in ${SYSTEM} and n.nspname not like 'pg_temp%'
   and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
union all
select 'index:' || n.nspname || '.' || c.relname, md5(pg_get_indexdef(c.oid))
  from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
 where n.nspname not in ${SYSTEM}
union all
select 'con:' || n.nspname || '.' || c.relname || '.' || k.conname, md5(pg_get_constraintdef(k.oid))
  from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
 where n.nspname not in ${SYSTEM}
union all
select 'ext:' || e.extname, md5(e.extnamespace::regnamespace::text || e.extversion) from pg_extension e`;

export async function snapshotCatalog(session: LiveSession): Promise<CatalogSnapshot> {
  const { rows } = await session.query<{ key: string; digest: string }>(OBJECTS_SQL);
  return new Map(rows.map((r) => [r.key, r.digest]));
}

/** Keys that are new in head, or whose definition differs from base. */
export function changedKeys(base: CatalogSnapshot, head: CatalogSnapshot): Set<string> {
  const out = new Set<string>();
  for (const [key, digest] of head) if (base.get(key) !== digest) out.add(key);
  return out;
}
