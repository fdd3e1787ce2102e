import type { LiveSession } from '../shared/session.js';
import { literalFor, markerOf, probeUuid } from './values.js';
import { quoteIdent, quoteLiteral, readTableFacts, type TableFacts } from './table-facts.js';

export interface ProbeUser {
  who: 'a' | 'b';
  id: string;
  email: string;
}

export const USER_A: ProbeUser = { who: 'a', id: probeUuid('a', 0), email: 'user-a@probe.invalid' };
export const USER_B: ProbeUser = { who: 'b', id: probeUuid('b', 0), email: 'user-b@probe.invalid' };

/** A row the seed owns: how to find it again, and its values as JSON. */
export interface SeededRow {
  /** A SQL predicate that picks exactly this row (`id = '1'`, or its ctid). */
  where: string;
  values: Record<string, unknown>;
}

export type SeedOutcome = { ok: true; row: SeededRow } | { ok: false; reason: string };

/** Signs both users up: an auth.users row each (sign-up triggers such as handle_new_user run as on Supabase). */
export async function seedUsers(session: LiveSession): Promise<string | undefined> {
  for (const user of [USER_A, USER_B]) {
    const meta = JSON.stringify({ full_name: `User ${user.who.toUpperCase()}`, name: `User ${user.who.toUpperCase()}`, username: `user_${user.who}`, avatar_url: '' });
    const attempt = await session.attempt(
      `insert into auth.users (id, aud, role, email, email_confirmed_at, raw_app_meta_data, raw_user_meta_data) values ` +
        `(${quoteLiteral(user.id)}, 'authenticated', 'authenticated', ${quoteLiteral(user.email)}, now(), '{"provider":"email"}', ${quoteLiteral(meta)})`,
    );
    if (!attempt.ok) return `signing up the probe users failed: ${attempt.error.message}`;
  }
  return undefined;
}

/**
 * Seeds a row of `table` owned by `user`: the owner column and every foreign key to auth.users get
 * the user's id, a NOT NULL foreign key to another table gets a seeded parent row (three levels at
 * most), every other NOT NULL column without a default gets a generated value. A row the sign-up
 * triggers already made for the user is used as it is.
 */
export async function seedRow(params: { session: LiveSession; facts: TableFacts; owner?: string; user: ProbeUser; counter: { n: number }; depth?: number }): Promise<SeedOutcome> {
  const { session, facts, owner, user, counter } = params;
  const depth = params.depth ?? 0;
  if (facts.compositeForeignKeys) return { ok: false, reason: `${facts.key.slice(4)} has a foreign key over several columns` };
  if (owner) {
    const existing = await session.attempt(`select ctid::text as ctid, row_to_json(t)::text as row from ${facts.sqlName} t where ${quoteIdent(owner)}::text = ${quoteLiteral(user.id)} limit 1`);
    if (existing.ok && existing.result.rows.length) return { ok: true, row: toRow(facts, existing.result.rows[0]) };
  }
  const columns: string[] = [];
  const values: string[] = [];
  for (const column of facts.columns) {
    if (column.generated) continue;
    let value: string | undefined;
    if (column.name === owner || column.references?.table === 'auth.users') value = `${quoteLiteral(user.id)}::${column.type}`;
    else if (column.references && column.notNull && !column.hasDefault) {
      if (depth >= 3) return { ok: false, reason: `the foreign keys of ${facts.key.slice(4)} nest deeper than three tables` };
      const parent = await seedParent({ session, reference: column.references, user, counter, depth });
      if (!parent.ok) return parent;
      value = `${quoteLiteral(String(parent.value))}::${column.type}`;
    } else if (column.notNull && !column.hasDefault) {
      value = literalFor(column, user.who, ++counter.n);
      if (value === undefined) return { ok: false, reason: `no value could be generated for ${facts.key.slice(4)}.${column.name} (${column.type})` };
    }
    if (value === undefined) continue;
    columns.push(quoteIdent(column.name));
    values.push(value);
  }
  const insert = columns.length
    ? `insert into ${facts.sqlName} as t (${columns.join(', ')}) values (${values.join(', ')})`
    : `insert into ${facts.sqlName} as t default values`;
  const attempt = await session.attempt(`${insert} returning ctid::text as ctid, row_to_json(t)::text as row`);
  if (!attempt.ok) return { ok: false, reason: `seeding ${facts.key.slice(4)} failed: ${attempt.error.message}` };
  return { ok: true, row: toRow(facts, attempt.result.rows[0]) };
}

async function seedParent(params: { session: LiveSession; reference: { table: string; column: string }; user: ProbeUser; counter: { n: number }; depth: number }): Promise<{ ok: true; value: unknown } | { ok: false; reason: string }> {
  const { session, reference, user, counter, depth } = params;
  const [schema, table] = splitName(reference.table);
  const facts = await readTableFacts(session, schema, table);
  const owner = facts.columns.find((c) => c.references?.table === 'auth.users')?.name;
  const seeded = await seedRow({ session, facts, owner, user, counter, depth: depth + 1 });
  if (!seeded.ok) return seeded;
  return { ok: true, value: seeded.row.values[reference.column] };
}

/** regclass text is `schema.table` unless the schema is on the search path ("notes"). */
export function splitName(regclass: string): [string, string] {
  const parts = regclass.split('.').map((p) => p.replace(/^"|"$/g, ''));
  return parts.length > 1 ? [parts[0], parts[1]] : ['public', parts[0]];
}

function toRow(facts: TableFacts, raw: Record<string, unknown>): SeededRow {
  const values = JSON.parse(String(raw.row)) as Record<string, unknown>;
  const where = facts.primaryKey.length
    ? facts.primaryKey.map((c) => `${quoteIdent(c)} = ${quoteLiteral(literalText(values[c]))}`).join(' and ')
    : `ctid = ${quoteLiteral(String(raw.ctid))}`;
  return { where, values };
}

function literalText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

export { markerOf };
