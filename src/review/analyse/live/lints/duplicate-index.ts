import { code, rolesOf, type LiveLint } from './lint-api.js';
import { ruleMeta } from '../../../../catalog/index.js';

export const duplicateIndexLint: LiveLint = {
  meta: ruleMeta('duplicate-index'),
  supabaseOnly: false,
  sql: `
select n.nspname as schema, c.relname as tbl,
       -- The one to keep first: an index that backs a constraint, else a unique one, else the oldest.
       array_agg(ic.relname::text order by exists (select 1 from pg_constraint k where k.conindid = i.indexrelid) desc, i.indisunique desc, ic.oid) as names,
       bool_or(i.indisunique) and not bool_and(i.indisunique) as unique_covers
  from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_class c on c.oid = i.indrelid
  join pg_namespace n on n.oid = c.relnamespace
 where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
 group by n.nspname, c.relname, i.indkey::text, i.indclass::text, i.indcollation::text, i.indoption::text,
          coalesce(pg_get_expr(i.indexprs, i.indrelid), ''), coalesce(pg_get_expr(i.indpred, i.indrelid), '')
having count(*) > 1`,
  report(row) {
    const [keep, ...extra] = rolesOf(row.names);
    // A unique index serves every lookup a plain one on the same columns would, and enforces something besides.
    const why = row.unique_covers ? `; ${code(keep)} is unique and already serves every lookup the other would` : '';
    return {
      keys: [keep, ...extra].map((n) => `index:${row.schema}.${n}`),
      message:
        `Index${extra.length > 1 ? 'es' : ''} ${extra.map(code).join(' and ')} on ${code(`${row.schema}.${row.tbl}`)} ${extra.length > 1 ? 'repeat' : 'repeats'} ` +
        `${code(keep)} in PostgreSQL's catalog (same columns, operator classes and predicate${why}): every write pays for each. ` +
        `Drop ${extra.map((n) => code(`${row.schema}.${n}`)).join(' and ')}.`,
    };
  },
};
