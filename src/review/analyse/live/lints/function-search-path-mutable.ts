import { code, type LiveLint } from './lint-api.js';
import { funcKey, signatureOf } from './functions.js';
import { searchPathMessage, searchPathReferences } from '../../static/sql/rules/support/search-path-references.js';
import { unqualifiedNames } from '../../static/sql/rules/support/unqualified-names.js';
import { SERVICE_SCHEMAS } from '../../static/sql/rules/support/function-body.js';
import { ruleMeta } from '../../../../catalog/index.js';

/** Functions of the project (not of an extension) without a search_path setting, with what their body needs to be read. */
const UNPINNED_FUNCTIONS_SQL = `
select n.nspname as schema, p.proname as name, pg_get_function_identity_arguments(p.oid) as args,
       p.prosecdef as definer, l.lanname as language, p.prosrc as body, pg_get_functiondef(p.oid) as definition,
       p.prosqlbody is not null as atomic,
       p.prorettype in ('trigger'::regtype, 'event_trigger'::regtype) as returns_trigger,
       (select cn.nspname || '.' || c.relname from pg_trigger t join pg_class c on c.oid = t.tgrelid
          join pg_namespace cn on cn.oid = c.relnamespace
         where t.tgfoid = p.oid and cn.nspname = any(array[${SERVICE_SCHEMAS.map((s) => `'${s}'`).join(', ')}]) limit 1) as service_trigger,
       exists (select 1 from pg_trigger t where t.tgfoid = p.oid) as has_trigger,
       (select array_agg(distinct q.proname) from pg_proc q join pg_namespace m on m.oid = q.pronamespace
         where m.nspname not in ('pg_catalog', 'information_schema')) as project_functions,
       (select array_agg(distinct t.typname) from pg_type t join pg_namespace m on m.oid = t.typnamespace
         where m.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and t.typtype in ('c', 'd', 'e', 'r')) as project_types
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
 where p.prokind in ('f', 'p')
   and coalesce(array_to_string(p.proconfig, ','), '') !~* 'search_path='
   and n.nspname not in ('pg_catalog', 'information_schema', 'auth', 'storage', 'extensions')
   and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')`;

const namesOf = (value: unknown) => new Set(Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.replace(/^\{|\}$/g, '').split(',') : []);

export const functionSearchPathLint: LiveLint = {
  meta: ruleMeta('function-search-path-mutable'),
  supabaseOnly: false,
  sql: UNPINNED_FUNCTIONS_SQL,
  report(row, { parser }) {
    const definer = row.definer === true;
    const trigger = typeof row.service_trigger === 'string' ? row.service_trigger : undefined;
    // As the static rule: an invoker function only when a Supabase service's session runs it (one the Data API
    // serves runs with its caller's rights, so a name shadowed through the caller's search_path fools only them).
    if (!definer && !trigger) return undefined;
    // As the static rule: a trigger function no trigger runs is dead code.
    if (row.returns_trigger === true && row.has_trigger !== true) return undefined;
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const project = { functions: namesOf(row.project_functions), types: namesOf(row.project_types) };
    const fn = { language: str(row.language), body: str(row.body), definition: str(row.definition), atomic: row.atomic === true };
    // As the static rule: only a body that resolves something through the search_path is reported.
    const names = searchPathReferences(parser, fn, project) ?? unqualifiedNames(fn.body, project.functions);
    if (!names.length && (!definer || fn.atomic || row.returns_trigger === true)) return undefined;
    if (!names.length) return { severity: 'low', keys: [funcKey(row)], message: searchPathMessage({ signature: signatureOf(row), definer, names }) };
    return {
      severity: definer ? undefined : 'medium',
      keys: [funcKey(row)],
      message:
        `PostgreSQL holds ${definer ? 'SECURITY DEFINER ' : ''}function ${code(signatureOf(row))} without a \`search_path\` ` +
        `setting, and its body resolves ${names.slice(0, 4).map(code).join(', ')} through the search_path of the session that runs it` +
        (trigger ? `, which for its trigger on ${code(trigger)} is the ${trigger.split('.')[0]} server's.` : '.'),
    };
  },
};
