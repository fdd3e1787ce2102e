import { apiRolesWith } from './lint-api.js';

/**
 * Tables of the exposed schemas with their RLS flag, policy count, and the API roles that can reach
 * them (schema usage plus any table privilege), shared by the table lints. `queue_exposed`: a
 * Supabase Queues table (`pgmq.q_<queue>`) while the API serves `pgmq_public`, whose functions read
 * and write the queues as the calling role.
 */
export const TABLE_ACCESS_SQL = `
select n.nspname as schema, c.relname as name, c.relrowsecurity as rls,
       (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies,
       array(select p.polname::text from pg_policy p where p.polrelid = c.oid) as policy_names,
       (n.nspname = any($1::text[])) as exposed,
       (n.nspname = 'pgmq' and c.relname like 'q\\_%' and 'pgmq_public' = any($1::text[])) as queue_exposed,
       ${apiRolesWith((r) => `has_schema_privilege(${r}, n.oid, 'usage') and has_table_privilege(${r}, c.oid, 'select,insert,update,delete')`)} as roles,
       ${apiRolesWith((r) => `has_schema_privilege(${r}, n.oid, 'usage') and has_table_privilege(${r}, c.oid, 'insert,update,delete,truncate')`)} as writers
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema', 'auth', 'storage')`;
