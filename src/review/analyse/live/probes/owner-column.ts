import type { LiveSession } from '../shared/session.js';
import { readTableFacts, type TableFacts } from './table-facts.js';
import { splitName } from './seed.js';

const UID = String.raw`(?:\( SELECT auth\.uid\(\) AS uid\)|auth\.uid\(\))`;
const COLUMN = String.raw`(?:(\w+)\.)?(\w+)(?:::text)?`;
const COMPARED = new RegExp(String.raw`(?<![\w.])${COLUMN} = ${UID}(?:::text)?|${UID}(?:::text)? = ${COLUMN}`, 'g');

/**
 * Columns of `table` that a policy expression compares with auth.uid(), as PostgreSQL deparses it:
 * bare or qualified by the table's own name (a column of another alias, in a sub-select, is not one).
 */
export function columnsComparedWithUid(expr: string, table: string): string[] {
  const out: string[] = [];
  for (const m of expr.matchAll(COMPARED)) {
    const qualifier = m[1] ?? m[3];
    const col = m[2] ?? m[4];
    if (col && (!qualifier || qualifier === table) && !out.includes(col)) out.push(col);
  }
  return out;
}

/**
 * The column that says which user owns a row: a foreign key to auth.users (the one the policies
 * compare with auth.uid() when there are several), else the column the policies compare with
 * auth.uid(). Undefined for a table that rows are not owned in.
 */
export function ownerColumn(facts: TableFacts, policyExprs: readonly string[]): string | undefined {
  const table = facts.key.slice(facts.key.lastIndexOf('.') + 1);
  const compared = policyExprs.flatMap((e) => columnsComparedWithUid(e, table)).filter((c) => facts.columns.some((col) => col.name === c));
  const toUsers = facts.columns.filter((c) => c.references?.table === 'auth.users').map((c) => c.name);
  return toUsers.find((c) => compared.includes(c)) ?? toUsers[0] ?? compared[0];
}

/** A row owned through its parent: the NOT NULL foreign key, the parent table, and the parent's owner column. */
export interface ParentOwner {
  column: string;
  parent: string;
  owner: string;
}

/**
 * For a table with no owner column of its own: the first NOT NULL single-column foreign key whose
 * parent table has a foreign key to auth.users (homeworks.student_id -> students.user_id). A row
 * seeded for a user hangs under a parent seeded for that user, so the two-user probes apply.
 */
export async function ownerThroughParent(session: LiveSession, facts: TableFacts): Promise<ParentOwner | undefined> {
  for (const c of facts.columns) {
    if (!c.references || !c.notNull || c.generated) continue;
    const [schema, table] = splitName(c.references.table);
    const parent = await readTableFacts(session, schema, table);
    const owner = parent.columns.find((p) => p.references?.table === 'auth.users');
    if (owner && !parent.compositeForeignKeys) return { column: c.name, parent: `${schema}.${table}`, owner: owner.name };
  }
  return undefined;
}
