import type { GroundTable } from '../grounding/types.js';
import type { Membership, Ownership } from './context.js';

/**
 * SQL a deterministic plan writes, from the real names of the repository. Every function returns
 * PostgreSQL that the plan's SQL check parses and reviews with the SQL rules before it is shown.
 */
const PLAIN = /^[a-z_][a-z0-9_]*$/;
const RESERVED = new Set(['user', 'order', 'group', 'table', 'select', 'where', 'from', 'to', 'limit', 'offset', 'check', 'default', 'end', 'references', 'primary', 'column']);

export function ident(name: string): string {
  return PLAIN.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

export const tableRef = (t: Pick<GroundTable, 'schema' | 'name'>) => `${ident(t.schema)}.${ident(t.name)}`;

/** The caller, as a policy compares it: evaluated once per statement, not per row. */
export const CALLER = '(select auth.uid())';

/** The column a foreign key to this table points at: its id, or its single-column key. */
export function keyColumn(t: GroundTable): string {
  if (t.columns.some((c) => c.name === 'id')) return 'id';
  return t.indexes.find((i) => i.length === 1)?.[0] ?? 'id';
}

/** `exists (select 1 from public.staff m where m.school_id = lessons.school_id and m.user_id = <caller>)`. */
export function memberCondition(m: Membership, target: GroundTable, scopeColumn: string, caller = CALLER): string {
  return `exists (select 1 from ${tableRef(m.table)} m where m.${ident(m.scopeColumn)} = ${ident(target.name)}.${ident(scopeColumn)} and m.${ident(m.userColumn)} = ${caller})`;
}

/** The row belongs to the caller: directly, or through the table its owner column points at. */
export function ownerCondition(o: Ownership, target: GroundTable, caller = CALLER): string {
  if (!o.via) return `${ident(o.column)} = ${caller}`;
  return `exists (select 1 from ${tableRef(o.via.table)} o where o.${ident(keyColumn(o.via.table))} = ${ident(target.name)}.${ident(o.column)} and o.${ident(o.via.userColumn)} = ${caller})`;
}

export function policySql(p: { name: string; table: GroundTable; command: 'select' | 'insert' | 'update' | 'delete'; using?: string; check?: string }): string {
  const lines = [`create policy "${p.name.replace(/"/g, '""')}" on ${tableRef(p.table)}`, `  for ${p.command} to authenticated`];
  if (p.using) lines.push(`  using (${p.using})`);
  if (p.check) lines.push(`  with check (${p.check})`);
  return `${lines.join('\n')};`;
}

/** True when an index of the table starts with these columns, in this order. */
export function hasIndex(t: GroundTable, columns: readonly string[]): boolean {
  return t.indexes.some((i) => columns.every((c, k) => i[k] === c));
}

export function concurrentIndexSql(t: GroundTable, columns: readonly string[]): string {
  const name = `${t.name}_${columns.join('_')}_idx`.slice(0, 63);
  return `create index concurrently if not exists ${ident(name)} on ${tableRef(t)} (${columns.map(ident).join(', ')});`;
}

const TIME_TYPES = /^(timestamptz|timestamp|date|datetime|DateTime|Date)\b/i;
const BOOKKEEPING = /^(created|updated|deleted|modified|inserted)_(at|on)$/;

/** The column a period ("a day's lessons") filters on: a start or scheduled time, else the creation time. */
export function timeColumn(t: GroundTable): string | undefined {
  const times = t.columns.filter((c) => TIME_TYPES.test(c.type) || /_(at|on|date)$|^date$/.test(c.name));
  return (
    times.find((c) => /(start|begin|scheduled|due|date|day|time)/.test(c.name) && !BOOKKEEPING.test(c.name))?.name ??
    times.find((c) => !BOOKKEEPING.test(c.name))?.name ??
    times.find((c) => /^created_/.test(c.name))?.name
  );
}

/** A status-like column ("status", "state"), and a cancelled/deleted timestamp when there is one. */
export function statusColumn(t: GroundTable): string | undefined {
  return t.columns.find((c) => /^(status|state)$/.test(c.name))?.name;
}

export function stampColumn(t: GroundTable, kind: 'cancel' | 'delete'): string | undefined {
  const re = kind === 'cancel' ? /^(cancell?ed_at|canceled_at)$/ : /^(deleted_at|archived_at)$/;
  return t.columns.find((c) => re.test(c.name))?.name;
}

/** SQL type of the table's key, for a new foreign key column. */
export function keyType(t: GroundTable): string {
  const type = t.columns.find((c) => c.name === keyColumn(t))?.type ?? 'bigint';
  if (/^(int8|bigint|bigserial|BigInteger)/i.test(type)) return 'bigint';
  if (/^(int4|integer|serial|Integer|int)\b/i.test(type)) return 'integer';
  if (/uuid/i.test(type)) return 'uuid';
  return 'bigint';
}

/** The primary key column a new table gets, in the style of the repository's tables. */
export function newKeyColumn(tables: readonly GroundTable[]): string {
  const types = tables.map((t) => t.columns.find((c) => c.name === 'id')?.type ?? '');
  if (types.filter((t) => /uuid/i.test(t)).length > types.length / 2) return 'id uuid primary key default gen_random_uuid()';
  return 'id bigint generated always as identity primary key';
}
