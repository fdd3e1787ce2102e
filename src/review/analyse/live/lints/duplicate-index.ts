import { code, rolesOf, type LiveLint } from './lint-api.js';
import { ruleMeta } from '../../../../catalog/index.js';

/**
 * The order in which to keep an index of a duplicate set: the one behind the table's primary key, then behind its
 * unique or exclusion constraint (neither can be dropped on its own), then one a foreign key elsewhere relies on,
 * then a unique one, then the oldest. A foreign key's `conindid` names the referenced table's index it was bound
 * to, so "backs a constraint" alone would rank a plain unique index a foreign key happens to use above the primary key.
 */
const KEEP_ORDER = `
  (select min(case k.contype when 'p' then 0 else 1 end) from pg_constraint k
    where k.conindid = i.indexrelid and k.conrelid = i.indrelid and k.contype in ('p', 'u', 'x')) asc nulls last,
  exists (select 1 from pg_constraint k where k.conindid = i.indexrelid and k.contype = 'f') desc,
  i.indisunique desc, ic.oid`;

export const duplicateIndexLint: LiveLint = {
  meta: ruleMeta('duplicate-index'),
  supabaseOnly: false,
  sql: `
select n.nspname as schema, c.relname as tbl,
       array_agg(ic.relname::text order by ${KEEP_ORDER}) as names,
       -- Per index, in the same order: the foreign keys bound to it, which keep it from being dropped alone.
       json_agg((select coalesce(json_agg(format('%s on %s', k.conname, k.conrelid::regclass)), '[]'::json)
                   from pg_constraint k where k.conindid = i.indexrelid and k.contype = 'f') order by ${KEEP_ORDER}) as fks,
       bool_or(i.indisunique) and not bool_and(i.indisunique) as unique_covers
  from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_class c on c.oid = i.indrelid
  join pg_namespace n on n.oid = c.relnamespace
 where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
 group by n.nspname, c.relname, i.indkey::text, i.indclass::text, i.indcollation::text, i.indoption::text,
          coalesce(pg_get_expr(i.indexprs, i.indrelid), ''), coalesce(pg_get_expr(i.indpred, i.indrelid), '')
having count(*) > 1`,
  report(row) {
    const [keep, ...extra] = rolesOf(row.names);
    const fks = (parsedJson(row.fks) as string[][] | null)?.slice(1).flat() ?? [];
    // A unique index serves every lookup a plain one on the same columns would, and enforces something besides.
    const why = row.unique_covers ? `; ${code(keep)} is unique and already serves every lookup the other would` : '';
    // `DROP INDEX` refuses an index a foreign key was bound to: the key is dropped and added again, and then binds to the one kept.
    const bound = fks.length
      ? ` The foreign key${fks.length > 1 ? 's' : ''} ${fks.map(code).join(', ')} ${fks.length > 1 ? 'were' : 'was'} bound to it: drop ${fks.length > 1 ? 'them' : 'it'} first and add ${fks.length > 1 ? 'them' : 'it'} again after (\`NOT VALID\`, then \`VALIDATE CONSTRAINT\`), so ${fks.length > 1 ? 'they use' : 'it uses'} ${code(keep)}.`
      : '';
    return {
      keys: [keep, ...extra].map((n) => `index:${row.schema}.${n}`),
      message:
        `Index${extra.length > 1 ? 'es' : ''} ${extra.map(code).join(' and ')} on ${code(`${row.schema}.${row.tbl}`)} ${extra.length > 1 ? 'repeat' : 'repeats'} ` +
        `${code(keep)} in PostgreSQL's catalog (same columns, operator classes and predicate${why}): every write pays for each. ` +
        `Drop ${extra.map((n) => code(`${row.schema}.${n}`)).join(' and ')}.${bound}`,
    };
  },
};

/** A json column as the driver gave it: parsed already (PGlite, node-postgres) or as its text. */
function parsedJson(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}
