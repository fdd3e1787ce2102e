import type { AlterFunctionStmt, CreateFunctionStmt, ObjectWithArgs, TypeName } from 'libpg-query';
import { argSignature, listName, typeInfo, type QualifiedName } from '../ast/names.js';
import { as, stringsOf, type PgNode } from '../ast/node.js';
import { executorsForNewFunction, findFunctions, functionKey } from './store.js';
import type { Func, SchemaModel, SqlStatement } from './types.js';

export function applyCreateFunction(model: SchemaModel, stmt: SqlStatement, body: CreateFunctionStmt): void {
  const name = listName(body.funcname, stmt.defaultSchema);
  if (!name) return;
  const inputs = (body.parameters ?? [])
    .map((p) => as(p, 'FunctionParameter'))
    .filter((p) => p && p.mode !== 'FUNC_PARAM_OUT' && p.mode !== 'FUNC_PARAM_TABLE')
    .map((p) => p?.argType);
  const args = argSignature(inputs);
  const key = functionKey(name, args);
  const previous = model.functions.get(key);
  const kept = previous && !previous.dropped && body.replace ? previous : undefined;
  const returns = typeInfo(body.returnType).name;
  const func: Func = {
    name,
    args,
    securityDefiner: false,
    searchPathSet: false,
    language: 'sql',
    body: body.sql_body ? stmt.source.bytes.subarray(stmt.start, stmt.end).toString('utf8') : '',
    returns,
    returnsTrigger: returns === 'trigger' || returns === 'event_trigger',
    executors: kept ? kept.executors : executorsForNewFunction(model, name.schema),
    definedBy: kept ? [...kept.definedBy, stmt] : [stmt],
    dropped: false,
  };
  applyFunctionOptions(func, stmt, body.options ?? []);
  model.functions.set(key, func);
}

export function applyAlterFunction(model: SchemaModel, stmt: SqlStatement, body: AlterFunctionStmt): void {
  for (const func of functionsNamed(model, stmt, body.func)) {
    applyFunctionOptions(func, stmt, body.actions ?? []);
    func.definedBy.push(stmt);
  }
}

/** The live functions an ObjectWithArgs names (every overload when the arguments are left out). */
export function functionsNamed(model: SchemaModel, stmt: SqlStatement, obj: ObjectWithArgs | undefined): Func[] {
  const name: QualifiedName | undefined = listName(obj?.objname, stmt.defaultSchema);
  if (!name) return [];
  const args = obj?.args_unspecified ? undefined : argSignature((obj?.objargs ?? []).map((t) => as(t, 'TypeName') as TypeName));
  return findFunctions(model, name, args);
}

function applyFunctionOptions(func: Func, stmt: SqlStatement, options: PgNode[]): void {
  for (const o of options) {
    const def = as(o, 'DefElem');
    if (!def) continue;
    switch (def.defname) {
      case 'security':
        func.securityDefiner = as(def.arg, 'Boolean')?.boolval === true;
        func.securityOption = def.location === undefined ? undefined : { stmt, offset: def.location };
        break;
      case 'language':
        func.language = (as(def.arg, 'String')?.sval ?? func.language).toLowerCase();
        break;
      case 'as':
        func.body = stringsOf(as(def.arg, 'List')?.items)[0] ?? func.body;
        break;
      case 'set': {
        const set = as(def.arg, 'VariableSetStmt');
        if (set?.name === 'search_path') func.searchPathSet = set.kind !== 'VAR_RESET';
        else if (set?.kind === 'VAR_RESET_ALL') func.searchPathSet = false;
        break;
      }
      default:
        break;
    }
  }
}
