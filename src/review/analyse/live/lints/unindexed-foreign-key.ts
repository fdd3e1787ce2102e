import { code, rolesOf, type LiveLint } from './lint-api.js';
import { ruleMeta } from '../../../../catalog/index.js';

export const unindexedForeignKeyLint: LiveLint = {
  meta: ruleMeta('unindexed-foreign-key'),
  supabaseOnly: false,
  sql: `
select n.nspname as schema, c.relname as tbl, k.conname as name, k.confrelid::regclass::text as ref,
       array(select a.attname::text from unnest(k.conkey) with ordinality u(attnum, ord)
               join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum order by u.ord) as cols
  from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
 where k.contype = 'f' and n.nspname not in ('pg_catalog', 'information_schema', 'auth', 'storage')
   and not exists (
     select 1 from pg_index i
      where i.indrelid = k.conrelid
        and (select array_agg(x order by x) from unnest((string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(k.conkey)]) x)
          = (select array_agg(x order by x) from unnest(k.conkey) x))`,
  report(row) {
    const cols = rolesOf(row.cols);
    const table = `${row.schema}.${row.tbl}`;
    return {
      keys: [`con:${table}.${row.name}`],
      message:
        `PostgreSQL has no index on ${code(table)} leading with ${cols.map(code).join(', ')} for foreign key ${code(row.name)} -> ` +
        `${code(row.ref)}: deletes on ${code(row.ref)} (and cascades and joins) scan the table. ` +
        `Add \`create index on ${table} (${cols.join(', ')});\`.`,
    };
  },
};
