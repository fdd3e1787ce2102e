import type { AlterTableCmd, CreateTableAsStmt, ViewStmt } from 'libpg-query';
import { relationName, type QualifiedName } from '../ast/names.js';
import { as, type PgNode } from '../ast/node.js';
import { collect } from '../ast/walk.js';
import { grantsForNewRelation } from './store.js';
import type { SchemaModel, SqlStatement, View } from './types.js';

export function applyCreateView(model: SchemaModel, stmt: SqlStatement, body: ViewStmt): void {
  const name = relationName(body.view, stmt.defaultSchema);
  if (!name) return;
  const previous = model.views.get(name.key);
  const view = defineView({ model, stmt, name, query: body.query, materialized: false });
  // CREATE OR REPLACE keeps grants; options are replaced by what this statement says.
  if (previous && !previous.dropped && body.replace) view.grants = previous.grants;
  view.securityInvoker = invokerOption(body.options) ?? false;
}

export function applyCreateMatview(model: SchemaModel, stmt: SqlStatement, body: CreateTableAsStmt): void {
  const name = relationName(body.into?.rel, stmt.defaultSchema);
  if (name) defineView({ model, stmt, name, query: body.query, materialized: true });
}

function defineView(params: { model: SchemaModel; stmt: SqlStatement; name: QualifiedName; query: PgNode | undefined; materialized: boolean }): View {
  const { model, stmt, name, query, materialized } = params;
  const view: View = {
    name,
    materialized,
    securityInvoker: false,
    query,
    sources: relationsRead(query, stmt.defaultSchema),
    grants: grantsForNewRelation(model, name.schema),
    definedBy: [stmt],
    dropped: false,
  };
  model.views.set(name.key, view);
  return view;
}

/** ALTER VIEW ... SET (security_invoker = ...) / RESET (security_invoker). */
export function applyViewOptions(view: View, stmt: SqlStatement, cmds: AlterTableCmd[]): void {
  for (const cmd of cmds) {
    const options = as(cmd.def, 'List')?.items;
    if (cmd.subtype === 'AT_SetRelOptions') {
      const invoker = invokerOption(options);
      if (invoker !== undefined) view.securityInvoker = invoker;
    } else if (cmd.subtype === 'AT_ResetRelOptions') {
      if ((options ?? []).some((o) => as(o, 'DefElem')?.defname === 'security_invoker')) view.securityInvoker = false;
    } else continue;
    view.definedBy.push(stmt);
  }
}

/** The security_invoker option: true for true/on/yes/1 or no value, undefined when absent. */
function invokerOption(options: PgNode[] | undefined): boolean | undefined {
  for (const o of options ?? []) {
    const def = as(o, 'DefElem');
    if (def?.defname !== 'security_invoker') continue;
    if (!def.arg) return true;
    const text = as(def.arg, 'String')?.sval ?? String(as(def.arg, 'Integer')?.ival ?? as(def.arg, 'Boolean')?.boolval ?? '');
    return ['true', 'on', 'yes', '1', 't', 'y'].includes(text.toLowerCase());
  }
  return undefined;
}

/** The relations a query reads, qualified; CTE names are not relations. */
export function relationsRead(query: unknown, defaultSchema: string): string[] {
  const ctes = new Set(collect(query, 'CommonTableExpr').map((v) => String(v.body.ctename)));
  const out = new Set<string>();
  for (const v of collect(query, 'RangeVar')) {
    const rv = as(v.node, 'RangeVar');
    if (!rv?.relname || (!rv.schemaname && ctes.has(rv.relname))) continue;
    const name = relationName(rv, defaultSchema);
    if (name) out.add(name.key);
  }
  return [...out];
}
