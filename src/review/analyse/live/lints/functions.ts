import { apiRolesWith } from './lint-api.js';

/** SECURITY DEFINER functions (not trigger functions) with who can call them and what their body does. */
export const DEFINER_FUNCTIONS_SQL = `
select n.nspname as schema, p.proname as name, pg_get_function_identity_arguments(p.oid) as args,
       (n.nspname = any($1::text[])) as exposed,
       ${apiRolesWith((r) => `has_schema_privilege(${r}, n.oid, 'usage') and has_function_privilege(${r}, p.oid, 'execute')`)} as roles,
       p.prosrc ~* 'auth\\.(uid|jwt)\\s*\\(' as checks_caller,
       p.prosrc ~* '\\m(insert|update|delete|truncate)\\M' as writes,
       p.prorettype = 'bool'::regtype as returns_bool,
       p.prosrc as body
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
 where p.prosecdef and p.prokind in ('f', 'p') and p.prorettype <> 'trigger'::regtype
   and n.nspname not in ('pg_catalog', 'information_schema', 'auth', 'storage', 'extensions')`;

export const funcKey = (row: Record<string, unknown>) => `func:${row.schema}.${row.name}(${row.args})`;
export const signatureOf = (row: Record<string, unknown>) => `${row.schema}.${row.name}(${row.args})`;
