import { code, rolesOf, type LiveLint } from './lint-api.js';
import { ruleMeta } from '../../static/catalog/index.js';

export const duplicateIndexLint: LiveLint = {
  meta: ruleMeta('duplicate-index'),
  supabaseOnly: false,
  sql: `
select n.nspname as schema, c.relname as tbl,
       array_agg(ic.relname::text order by (i.indisprimary or i.indisunique) desc, (con.oid is not null) desc, ic.oid) as names,
       bool_or(i.indisprimary or i.indisunique) and not bool_and(i.indisprimary or i.indisunique) as mixed
  from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_class c on c.oid = i.indrelid
  join pg_namespace n on n.oid = c.relnamespace left join pg_constraint con on con.conindid = i.indexrelid
 where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
 group by n.nspname, c.relname, i.indkey::text, i.indclass::text, i.indcollation::text, i.indoption::text,
          coalesce(pg_get_expr(i.indexprs, i.indrelid), ''), coalesce(pg_get_expr(i.indpred, i.indrelid), '')
having count(*) > 1`,
  report(row) {
    // Keys and unique indexes come first: the one to drop is the last, never the one that enforces a rule.
    const names = rolesOf(row.names);
    const kept = names[0];
    const reason = row.mixed
      ? `${code(kept)} enforces uniqueness and serves the same lookups, so the plain one only costs every write`
      : 'same columns, operator classes and predicate: every write pays for both';
    return {
      keys: names.map((n) => `index:${row.schema}.${n}`),
      message:
        `Indexes ${names.map(code).join(' and ')} on ${code(`${row.schema}.${row.tbl}`)} are identical in PostgreSQL's catalog ` +
        `(${reason}). Drop \`${row.schema}.${names[names.length - 1]}\`.`,
    };
  },
};
