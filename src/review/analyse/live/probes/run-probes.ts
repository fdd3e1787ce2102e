import type { LiveSession } from '../shared/session.js';
import { AS_ANON, AS_B, runAs, type Caller } from './claims.js';
import { ownerColumn, ownerThroughParent, type ParentOwner } from './owner-column.js';
import { PROBE_RULES } from './probe-rules.js';
import { seedRow, seedUsers, USER_A, USER_B, type SeededRow } from './seed.js';
import { quoteIdent, quoteLiteral, readTableFacts, type TableFacts } from './table-facts.js';
import { literalFor } from './values.js';
import type { RuleMeta } from '../../static/shared/rule.js';

/** A policy of a probed table as the catalog holds it. */
export interface PolicyRow {
  name: string;
  cmd: string;
  permissive: boolean;
  roles: string[];
  qual: string;
  chk: string;
}

export interface ProbeTarget {
  schema: string;
  name: string;
  policies: PolicyRow[];
}

/** A probe that got through: the rule, the evidence, and the catalog keys to anchor it on, best first. */
export interface ProbeFinding {
  rule: RuleMeta;
  keys: string[];
  message: string;
}

/** One probe that ran on a table: who tried what, and whether it got through. */
export interface ProbeCheck {
  /** "public.notes". */
  table: string;
  as: 'user B' | 'anon';
  /** read / update / delete user A's row, insert a row owned by A, hand B's row to A; anon: read, insert. */
  action: 'read' | 'update' | 'delete' | 'insert' | 'reassign';
  leaked: boolean;
  /** How a row belongs to a user when no column of its own says so: "student_id -> public.students.user_id". */
  through?: string;
}

export interface ProbeOutcome {
  findings: ProbeFinding[];
  notes: string[];
  /** Tables whose probes ran (seeding worked). */
  probed: number;
  /** Every probe that ran, passed or not. */
  checks: ProbeCheck[];
}

const CMD: Record<string, string> = { select: 'r', insert: 'a', update: 'w', delete: 'd' };

/**
 * Seeds users A and B and one row owned by each in every target table, then tries, as B, to read,
 * change and delete A's row, to insert a row owned by A and to hand B's row to A, and as anon to
 * read and insert. Everything runs in a transaction that is rolled back; each probe in its own.
 */
export async function probeTables(params: {
  session: LiveSession;
  targets: readonly ProbeTarget[];
  checkBudget: () => void;
  /** More probes that need the seeded users and rows (SECURITY DEFINER functions). */
  after?: (session: LiveSession) => Promise<ProbeFinding[]>;
  /** Probe as two users a table whose rows a user owns through a parent (`student_id` -> students.user_id) too. */
  throughParents?: boolean;
}): Promise<ProbeOutcome> {
  const { session, targets, checkBudget, after } = params;
  const outcome: ProbeOutcome = { findings: [], notes: [], probed: 0, checks: [] };
  await session.rolledBack(async () => {
    const failed = await seedUsers(session);
    if (failed) {
      outcome.notes.push(`RLS probes skipped: ${failed}`);
      return;
    }
    const counter = { n: 0 };
    for (const target of targets) {
      checkBudget();
      const facts = await readTableFacts(session, target.schema, target.name);
      const owner = ownerColumn(facts, target.policies.flatMap((p) => [p.qual, p.chk]));
      const through = !owner && params.throughParents ? await ownerThroughParent(session, facts) : undefined;
      await probeTable({ session, target, facts, owner, through, counter, outcome });
    }
    if (after) outcome.findings.push(...(await after(session)));
  });
  return outcome;
}

async function probeTable(params: {
  session: LiveSession;
  target: ProbeTarget;
  facts: TableFacts;
  owner: string | undefined;
  through?: ParentOwner;
  counter: { n: number };
  outcome: ProbeOutcome;
}): Promise<void> {
  const { session, target, facts, owner, through, counter, outcome } = params;
  const name = `${target.schema}.${target.name}`;
  const rowA = await seedRow({ session, facts, owner, user: USER_A, counter });
  if (!rowA.ok) return void outcome.notes.push(`RLS probes of ${name} skipped: ${rowA.reason}`);
  outcome.probed++;
  const found = (rule: RuleMeta, keys: string[], message: string) => outcome.findings.push({ rule, keys: [...keys, facts.key], message });
  const table = facts.sqlName;
  const via = through && `${through.column} -> ${through.parent}.${through.owner}`;
  const ran = (as: ProbeCheck['as'], action: ProbeCheck['action'], leaked: boolean) => outcome.checks.push({ table: name, as, action, leaked, ...(via && as === 'user B' ? { through: via } : {}) });
  if (owner || through) {
    const rowB = await seedRow({ session, facts, owner, user: USER_B, counter });
    if (!rowB.ok) {
      outcome.probed--;
      return void outcome.notes.push(`RLS probes of ${name} skipped: ${rowB.reason}`);
    }
    const a = rowA.row;
    const column = updatableColumn(facts, owner ?? through!.column);
    const asB = (sql: string) => runAs(session, AS_B, sql);
    if (!(await publicRead(session, target, AS_B))) {
      const read = await asB(`select count(*)::int as n from ${table} where ${a.where}`);
      ran('user B', 'read', read.ok && Number(read.result.rows[0]?.n) > 0);
      if (read.ok && Number(read.result.rows[0]?.n) > 0) {
        found(PROBE_RULES.readOthers, await permitting({ session, target, facts, row: a, command: 'select' }), evidence(AS_B, `select * from ${table} where ${a.where}`, "returned user A's row"));
      }
    }
    if (column) {
      const sql = `update ${table} set ${quoteIdent(column)} = ${quoteIdent(column)} where ${a.where}`;
      const update = await asB(sql);
      ran('user B', 'update', update.ok && update.result.affected > 0);
      if (update.ok && update.result.affected > 0) found(PROBE_RULES.updateOthers, await permitting({ session, target, facts, row: a, command: 'update' }), evidence(AS_B, sql, `changed ${rows(update.result.affected)} of user A's`));
    }
    const del = `delete from ${table} where ${a.where}`;
    const deleted = await asB(del);
    ran('user B', 'delete', deleted.ok && deleted.result.affected > 0);
    if (deleted.ok && deleted.result.affected > 0) found(PROBE_RULES.deleteOthers, await permitting({ session, target, facts, row: a, command: 'delete' }), evidence(AS_B, del, `deleted ${rows(deleted.result.affected)} of user A's`));
    const insert = insertSql({ facts, owner, ownerId: USER_A.id, like: a, counter });
    if (insert) {
      const inserted = await asB(insert);
      ran('user B', 'insert', inserted.ok);
      if (inserted.ok) found(PROBE_RULES.insertAsOther, policyKeys(target, facts, 'insert', 'authenticated'), evidence(AS_B, insert, 'succeeded: user B created a row owned by user A'));
    }
    if (target.policies.length) {
      const toA = owner ? quoteLiteral(USER_A.id) : quoteLiteral(String(a.values[through!.column]));
      const move = `update ${table} set ${quoteIdent(owner ?? through!.column)} = ${toA} where ${rowB.row.where}`;
      const moved = await asB(move);
      ran('user B', 'reassign', moved.ok && moved.result.affected > 0);
      if (moved.ok && moved.result.affected > 0) found(PROBE_RULES.reassign, policyKeys(target, facts, 'update', 'authenticated'), evidence(AS_B, move, `changed ${rows(moved.result.affected)}: user B's row now belongs to user A`));
    }
  }
  if (!(await publicRead(session, target, AS_ANON))) {
    const read = await runAs(session, AS_ANON, `select count(*)::int as n from ${table}`);
    ran('anon', 'read', read.ok && Number(read.result.rows[0]?.n) > 0);
    if (read.ok && Number(read.result.rows[0]?.n) > 0) found(PROBE_RULES.anonRead, policyKeys(target, facts, 'select', 'anon'), evidence(AS_ANON, `select * from ${table}`, `returned ${rows(Number(read.result.rows[0]?.n))}`));
  }
  const anonInsert = insertSql({ facts, owner, ownerId: USER_A.id, like: rowA.row, counter });
  if (anonInsert) {
    const inserted = await runAs(session, AS_ANON, anonInsert);
    ran('anon', 'insert', inserted.ok);
    if (inserted.ok) found(PROBE_RULES.anonInsert, policyKeys(target, facts, 'insert', 'anon'), evidence(AS_ANON, anonInsert, 'succeeded'));
  }
}

function evidence(caller: Caller, sql: string, result: string): string {
  return `Run ${caller.label}, \`${sql}\` ${result} (in a transaction that was rolled back).`;
}

const rows = (n: number) => `${n} row${n === 1 ? '' : 's'}`;

/**
 * A permissive SELECT policy for the caller's role that passes without reading the row: `using (true)`,
 * or a test of the caller alone (`auth.role() = 'authenticated'`, a claim of the JWT). The rows are
 * readable by everyone with that role by design, so reading them proves nothing. PostgreSQL decides:
 * the policy's expression is evaluated as the caller with no row in scope, so any column it reads
 * fails it. A subquery over a table (an uncorrelated `exists (select 1 from members ...)`, the classic
 * forgotten join) never counts as a design decision.
 */
async function publicRead(session: LiveSession, target: ProbeTarget, caller: Caller): Promise<boolean> {
  for (const p of target.policies) {
    if (!p.permissive || p.cmd !== 'r' || !(p.roles.includes(caller.role) || p.roles.includes('public'))) continue;
    if (p.qual === 'true') return true;
    if (!p.qual || /\bfrom\b/i.test(p.qual)) continue;
    const passes = await runAs(session, caller, `select (${p.qual}) as pass`);
    if (passes.ok && passes.result.rows[0]?.pass === true) return true;
  }
  return false;
}

function applies(p: PolicyRow, command: string, role: string): boolean {
  return p.permissive && (p.cmd === CMD[command] || p.cmd === '*') && (p.roles.includes(role) || p.roles.includes('public'));
}

function policyKeys(target: ProbeTarget, facts: TableFacts, command: string, role: string): string[] {
  return target.policies.filter((p) => applies(p, command, role)).map((p) => `policy:${facts.key.slice(4)}.${p.name}`);
}

/** The policies whose USING lets user B see user A's row (evaluated as B on that row), else all that apply. */
async function permitting(params: { session: LiveSession; target: ProbeTarget; facts: TableFacts; row: SeededRow; command: string }): Promise<string[]> {
  const { session, target, facts, row, command } = params;
  const candidates = target.policies.filter((p) => applies(p, command, 'authenticated'));
  const passing: string[] = [];
  for (const p of candidates) {
    const check = await session.rolledBack(async () => {
      await session.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(AS_B.claims)]);
      return session.attempt(`select (${p.qual || 'true'}) as pass from ${facts.sqlName} where ${row.where}`);
    });
    if (check.ok && check.result.rows[0]?.pass === true) passing.push(`policy:${facts.key.slice(4)}.${p.name}`);
  }
  return passing.length ? passing : policyKeys(target, facts, command, 'authenticated');
}

/** A column B may set to itself to test UPDATE: a plain column, else the owner column. */
function updatableColumn(facts: TableFacts, owner: string): string | undefined {
  const plain = facts.columns.find((c) => !c.generated && !facts.primaryKey.includes(c.name) && c.name !== owner && !c.references);
  return plain?.name ?? (facts.columns.some((c) => c.name === owner && !c.generated) ? owner : undefined);
}

/** A new row owned by `ownerId`: foreign keys reuse the parents of A's row, other required columns get fresh values. */
function insertSql(params: { facts: TableFacts; owner: string | undefined; ownerId: string; like: SeededRow; counter: { n: number } }): string | undefined {
  const { facts, owner, ownerId, like, counter } = params;
  const columns: string[] = [];
  const values: string[] = [];
  for (const c of facts.columns) {
    if (c.generated) continue;
    let value: string | undefined;
    if (c.name === owner || c.references?.table === 'auth.users') value = `${quoteLiteral(ownerId)}::${c.type}`;
    else if (c.references && like.values[c.name] !== undefined && like.values[c.name] !== null) value = `${quoteLiteral(String(like.values[c.name]))}::${c.type}`;
    else if (c.notNull && !c.hasDefault) {
      value = literalFor(c, 'a', ++counter.n);
      if (value === undefined) return undefined;
    }
    if (value === undefined) continue;
    columns.push(quoteIdent(c.name));
    values.push(value);
  }
  return columns.length ? `insert into ${facts.sqlName} (${columns.join(', ')}) values (${values.join(', ')})` : `insert into ${facts.sqlName} default values`;
}
