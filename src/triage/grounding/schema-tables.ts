import type { Policy, SchemaModel, SqlStatement, Table } from '../../review/analyse/static/sql/model/types.js';
import { mentionsOwnerColumn } from '../../review/analyse/static/python/knowledge/ownership.js';
import type { GroundPolicy, GroundTable } from './types.js';

const MAX_POLICY_CHARS = 600;
/** Tables whose rows are people or accounts: a foreign key to one says whose row it is. */
const USER_TABLE = /^(auth\.users|[\w]+\.(users?|profiles?|accounts?|members?))$/;
/** `owner_id = (select auth.uid())`, `auth.uid() = user_id`: the column a policy compares with the caller. */
const COMPARED_WITH_UID = /(?:\b(\w+)\s*=\s*\(?\s*(?:select\s+)?auth\.uid\(\)\s*\)?)|(?:auth\.uid\(\)\s*\)?\s*=\s*(?:\w+\.)?(\w+))/gi;

const fold = (text: string) => text.replace(/\s+/g, ' ').trim();

function statementText(stmt: SqlStatement): string {
  const text = fold(stmt.source.bytes.subarray(stmt.start, stmt.end).toString('utf8'));
  return text.length > MAX_POLICY_CHARS ? `${text.slice(0, MAX_POLICY_CHARS - 1)}…` : text;
}

function groundPolicy(policy: Policy): GroundPolicy {
  const last = policy.definedBy[policy.definedBy.length - 1];
  return { name: policy.name, command: policy.command, roles: policy.roles, text: statementText(last), path: last.path, line: last.line };
}

/** The columns a table's policies compare with auth.uid() (directly, or through a table they join). */
function comparedColumns(table: Table, policies: GroundPolicy[]): string[] {
  const out = new Set<string>();
  for (const p of policies) {
    for (const m of p.text.matchAll(COMPARED_WITH_UID)) {
      const column = (m[1] ?? m[2])?.toLowerCase();
      if (column && table.columns.has(column)) out.add(column);
    }
  }
  return [...out];
}

function ownerColumnsOf(table: Table, policies: GroundPolicy[]): string[] {
  const out = new Set(comparedColumns(table, policies));
  for (const fk of table.foreignKeys) if (fk.columns.length === 1 && USER_TABLE.test(fk.references)) out.add(fk.columns[0]);
  for (const name of table.columns.keys()) if (mentionsOwnerColumn(name) && /_(id|by)$/.test(name)) out.add(name);
  return [...out];
}

/** The tables the migrations leave behind (not dropped, not placeholders for tables made elsewhere), as plain data. */
export function tablesFromSchema(model: SchemaModel): GroundTable[] {
  const indexesOf = new Map<string, string[][]>();
  const uniquesOf = new Map<string, string[][]>();
  for (const index of model.indexes.values()) {
    if (index.table.dropped || index.columns.some((c) => c === null)) continue;
    const key = index.table.name.key;
    indexesOf.set(key, [...(indexesOf.get(key) ?? []), index.columns as string[]]);
    if (index.unique && !index.predicate) uniquesOf.set(key, [...(uniquesOf.get(key) ?? []), index.columns as string[]]);
  }
  const out: GroundTable[] = [];
  for (const table of model.tables.values()) {
    if (table.dropped || table.kind === 'external' || table.kind === 'temporary' || !table.created) continue;
    const policies = [...table.policies.values()].map(groundPolicy);
    const references = new Map(table.foreignKeys.filter((fk) => fk.columns.length === 1).map((fk) => [fk.columns[0], fk.references]));
    out.push({
      key: table.name.key,
      schema: table.name.schema,
      name: table.name.name,
      columns: [...table.columns.values()].map((c) => ({ name: c.name, type: c.type.text, notNull: c.notNull, references: references.get(c.name) })),
      ownerColumns: ownerColumnsOf(table, policies),
      rls: table.rls,
      policies,
      indexes: indexesOf.get(table.name.key) ?? [],
      uniques: uniquesOf.get(table.name.key) ?? [],
      path: table.created.path,
      line: table.created.line,
      origin: 'migration',
    });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}
