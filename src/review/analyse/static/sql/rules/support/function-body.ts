import { listName, relationName } from '../../ast/names.js';
import { as } from '../../ast/node.js';
import type { Func, SchemaModel } from '../../model/types.js';
import type { FunctionBody, ProjectNames } from './search-path-references.js';

/** A function's body as its last CREATE FUNCTION wrote it. */
export function bodyOf(func: Func): FunctionBody {
  const create = [...func.definedBy].reverse().find((s) => s.tag === 'CreateFunctionStmt');
  const definition = create ? create.source.bytes.subarray(create.start, create.end).toString('utf8') : '';
  const atomic = !!as(create?.node, 'CreateFunctionStmt')?.sql_body;
  return { language: func.language, body: func.body, definition, atomic };
}

type Body = Record<string, unknown> & { typevar?: { relname?: string } };
type NameList = { String?: { sval?: string } }[] | undefined;

/** The bare name a CREATE TYPE / DOMAIN statement gives its type. */
const TYPE_STATEMENTS: Record<string, (node: Body) => string | undefined> = {
  CreateEnumStmt: (n) => (n.typeName as NameList)?.at(-1)?.String?.sval,
  CreateDomainStmt: (n) => (n.domainname as NameList)?.at(-1)?.String?.sval,
  CreateRangeStmt: (n) => (n.typeName as NameList)?.at(-1)?.String?.sval,
  CompositeTypeStmt: (n) => n.typevar?.relname,
};

/** The functions and types the migrations define (tables are types too), by bare name. */
export function projectNames(model: SchemaModel): ProjectNames {
  const functions = new Set([...model.functions.values()].filter((f) => !f.dropped).map((f) => f.name.name));
  const types = new Set([...model.tables.values()].filter((t) => !t.dropped).map((t) => t.name.name));
  for (const stmt of model.statements) {
    const name = TYPE_STATEMENTS[stmt.tag]?.((stmt.node as unknown as Record<string, Body>)[stmt.tag]);
    if (name) types.add(name);
  }
  return { functions, types };
}

/**
 * Schemas whose tables a Supabase service writes in a session that does not see `public`: Auth connects as
 * supabase_auth_admin with `search_path = auth`. Not Storage: its server sets `storage, public, extensions` on
 * every connection (storage-api's pool), so a trigger on `storage.objects` finds the app's tables as the app does.
 */
export const SERVICE_SCHEMAS = ['auth'];

/** The tables ("auth.users", "public.notes") whose triggers run the function. */
export function triggerTables(model: SchemaModel, func: Func): string[] {
  const out: string[] = [];
  for (const stmt of model.statements) {
    const trigger = stmt.tag === 'CreateTrigStmt' ? as(stmt.node, 'CreateTrigStmt') : undefined;
    if (!trigger) continue;
    const fn = listName(trigger.funcname, stmt.defaultSchema);
    const table = relationName(trigger.relation, stmt.defaultSchema);
    if (fn?.key === func.name.key && table) out.push(table.key);
  }
  return out;
}

/** The transition tables the triggers that run the function declare (`referencing new table as new_rows`). */
export function transitionTables(model: SchemaModel, func: Func): Set<string> {
  const out = new Set<string>();
  for (const stmt of model.statements) {
    const trigger = stmt.tag === 'CreateTrigStmt' ? as(stmt.node, 'CreateTrigStmt') : undefined;
    if (!trigger || listName(trigger.funcname, stmt.defaultSchema)?.key !== func.name.key) continue;
    for (const rel of (trigger as { transitionRels?: unknown[] }).transitionRels ?? []) {
      const name = (rel as { TriggerTransition?: { name?: string } }).TriggerTransition?.name;
      if (name) out.add(name);
    }
  }
  return out;
}

/** The table of a Supabase service schema ("auth.users") whose trigger runs the function in the service's session. */
export function firedByService(model: SchemaModel, func: Func): string | undefined {
  return triggerTables(model, func).find((t) => SERVICE_SCHEMAS.includes(t.split('.')[0]));
}

/**
 * A trigger function that nothing runs: no trigger of the migrations executes it, and no code that could
 * make one names it (a `do` block or another function creating the trigger with dynamic SQL). It is dead
 * code, whatever its body says. Its owner, grants and comments (`alter function ... owner to`) run nothing.
 */
export function unusedTriggerFunction(model: SchemaModel, func: Func): boolean {
  if (!func.returnsTrigger || triggerTables(model, func).length) return false;
  const named = new RegExp(`\\b${func.name.name}\\b`, 'i');
  return !model.statements.some(
    (s) => (s.tag === 'DoStmt' || (s.tag === 'CreateFunctionStmt' && !func.definedBy.includes(s))) && named.test(s.source.bytes.subarray(s.start, s.end).toString('utf8')),
  );
}
