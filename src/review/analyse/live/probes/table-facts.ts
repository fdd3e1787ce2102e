import type { LiveSession } from '../shared/session.js';

export interface ColumnFacts {
  name: string;
  /** format_type: "character varying(20)", "uuid", "text[]". */
  type: string;
  /** 'b' base, 'e' enum, 'd' domain, 'c' composite, 'r' range. */
  typtype: string;
  /** pg_type.typcategory: 'A' arrays, 'S' strings, 'N' numbers ... (of the domain's base for a domain). */
  category: string;
  /** The first label of an enum (or an enum domain). */
  enumLabel: string | null;
  notNull: boolean;
  hasDefault: boolean;
  /** Identity or generated: never written by a seed. */
  generated: boolean;
  /** Single-column foreign key: the referenced table and column. */
  references: { table: string; column: string } | null;
}

export interface TableFacts {
  /** schema-qualified, quoted for SQL: "public"."notes". */
  sqlName: string;
  key: string;
  columns: ColumnFacts[];
  primaryKey: string[];
  /** Foreign keys over several columns: the seed does not guess values that must match together. */
  compositeForeignKeys: number;
}

const COLUMNS_SQL = `
select a.attname::text as name, format_type(a.atttypid, a.atttypmod) as type, t.typtype::text as typtype,
       coalesce(bt.typcategory, t.typcategory)::text as category,
       (select e.enumlabel::text from pg_enum e where e.enumtypid = coalesce(nullif(t.typbasetype, 0), t.oid) order by e.enumsortorder limit 1) as enum_label,
       a.attnotnull as not_null, a.atthasdef as has_default, (a.attidentity <> '' or a.attgenerated <> '') as generated,
       (select k.confrelid::regclass::text || '|' || fa.attname from pg_constraint k
          join pg_attribute fa on fa.attrelid = k.confrelid and fa.attnum = k.confkey[1]
         where k.conrelid = a.attrelid and k.contype = 'f' and cardinality(k.conkey) = 1 and k.conkey[1] = a.attnum limit 1) as fk
  from pg_attribute a join pg_type t on t.oid = a.atttypid left join pg_type bt on bt.oid = nullif(t.typbasetype, 0)
 where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped
 order by a.attnum`;

const KEYS_SQL = `
select coalesce((select array_agg(a.attname::text order by u.ord) from pg_constraint k
                   cross join lateral unnest(k.conkey) with ordinality u(attnum, ord)
                   join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum
                  where k.conrelid = $1::regclass and k.contype = 'p'), '{}') as pk,
       (select count(*) from pg_constraint k where k.conrelid = $1::regclass and k.contype = 'f' and cardinality(k.conkey) > 1)::int as composite`;

export async function readTableFacts(session: LiveSession, schema: string, table: string): Promise<TableFacts> {
  const sqlName = `${quoteIdent(schema)}.${quoteIdent(table)}`;
  const columns = await session.query<Record<string, unknown>>(COLUMNS_SQL, [sqlName]);
  const keys = await session.query<{ pk: unknown; composite: number }>(KEYS_SQL, [sqlName]);
  return {
    sqlName,
    key: `rel:${schema}.${table}`,
    columns: columns.rows.map((r) => {
      const fk = typeof r.fk === 'string' ? r.fk.split('|') : null;
      return {
        name: String(r.name),
        type: String(r.type),
        typtype: String(r.typtype),
        category: String(r.category),
        enumLabel: (r.enum_label as string | null) ?? null,
        notNull: r.not_null === true,
        hasDefault: r.has_default === true,
        generated: r.generated === true,
        references: fk ? { table: fk[0], column: fk[1] } : null,
      };
    }),
    primaryKey: textArray(keys.rows[0]?.pk),
    compositeForeignKeys: Number(keys.rows[0]?.composite ?? 0),
  };
}

export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function textArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((s) => s.replace(/^"|"$/g, ''));
  return [];
}
