import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import { boundArgument, hasSplat, methodName, positional, kwarg } from '../../model/call-args.js';
import type { PyFile } from '../../model/py-file.js';
import { AWAITABLE_ATTRS, entityOf, type Entity } from '../../knowledge/entities.js';
import type { OrmModel, Relationship } from '../../knowledge/orm.js';
import type { FunctionInfo, LoopInfo } from '../../model/types.js';
import type { FileContext } from './rule-api.js';
import { loadsFromIdentityMap } from '../../../support/reference-data.js';

/** Loader strategies that load with the parent query: touching them costs no query. */
const EAGER = new Set(['selectin', 'joined', 'subquery', 'immediate']);

export interface RowLoad {
  /** The expression to report (the awaited attribute, the refresh or the method call). */
  node: PyNode;
  loop: LoopInfo;
  /** What runs once per row, as markdown. */
  what: string;
  rels: string[];
}

/**
 * Async code that loads lazy relationships of each row inside a loop over ORM rows (N+1):
 * `await row.awaitable_attrs.rel`, `await session.refresh(row, ["rel"])`, or an async method of the
 * row's class that does one of those on `self` (`await row.to_dto()`).
 */
export function asyncRowLoads(ctx: FileContext, fn: FunctionInfo): RowLoad[] {
  if (!fn.isAsync) return [];
  const out: RowLoad[] = [];
  const file = ctx.model.file;
  for (const attr of fn.attributes) {
    const obj = fieldOf(attr, 'object');
    if (!obj || obj.type !== 'attribute' || file.text(fieldOf(obj, 'attribute')!) !== AWAITABLE_ATTRS || !ctx.touches(attr)) continue;
    const row = rowOf(ctx, fn, fieldOf(obj, 'object')!);
    const rel = file.text(fieldOf(attr, 'attribute')!);
    if (row && isLazy(row.entity.model, rel, row.entity)) out.push({ node: attr, loop: row.loop, what: `\`await ${file.text(attr)}\``, rels: [rel] });
  }
  for (const call of fn.calls) {
    if (!call.loop || !ctx.touches(call.node)) continue;
    const method = methodName(call.node, file);
    if (method === 'refresh') {
      const target = positional(call.node, 0);
      const row = target ? rowOf(ctx, fn, target) : null;
      const names = kwarg(call.node, 'attribute_names', file) ?? positional(call.node, 1);
      if (row) out.push({ node: call.node, loop: row.loop, what: `\`${file.text(call.callee)}(${file.text(target!)}${names ? ', ...' : ''})\``, rels: names ? stringsIn(file, names) : [] });
      continue;
    }
    const recv = unparen(call.callee).type === 'attribute' ? fieldOf(unparen(call.callee), 'object') : null;
    const row = method && recv ? rowOf(ctx, fn, recv) : null;
    const loaded = row ? selfLoads(row.entity.model, method!, row.entity, call.node, file) : [];
    if (row && loaded.length) out.push({ node: call.node, loop: row.loop, what: `\`${file.text(call.callee)}()\``, rels: loaded });
  }
  return out;
}

/** The loop a row variable comes from, when it iterates ORM rows (a query result or a loaded collection). */
function rowOf(ctx: FileContext, fn: FunctionInfo, node: PyNode): { loop: LoopInfo; entity: Entity } | null {
  const n = unparen(node);
  if (n.type !== 'identifier') return null;
  const name = ctx.model.file.text(n);
  const loop = innermostLoop(fn, n, name);
  if (!loop) return null;
  const entity = entityOf(ctx.an, n, fn.scope);
  return entity && !entity.many ? { loop, entity } : null;
}

function innermostLoop(fn: FunctionInfo, use: PyNode, name: string): LoopInfo | null {
  let best: LoopInfo | null = null;
  for (const l of fn.loops) {
    if (!l.target || l.target.type !== 'identifier' || fn.module.file.text(l.target) !== name) continue;
    if (use.start < l.node.start || use.end > l.node.end || (l.iter && use.start >= l.iter.start && use.end <= l.iter.end)) continue;
    if (!best || l.node.start > best.node.start) best = l;
  }
  return best;
}

function isLazy(model: OrmModel, rel: string, entity: Entity): boolean {
  const r: Relationship | undefined = model.relationships.get(rel);
  return !!r && !(r.lazy && EAGER.has(r.lazy)) && !entity.loaders.has(rel) && !loadsFromIdentityMap(r);
}

/**
 * The lazy relationships an async method of the row's class awaits on `self` (one level), leaving out the loads
 * the call switches off (`to_dto(get_children=False)` skips `children if get_children else []`).
 */
function selfLoads(model: OrmModel, method: string, entity: Entity, call: PyNode, callFile: PyFile): string[] {
  const fn = model.cls.methods.get(method);
  if (!fn || !fn.isAsync) return [];
  const file = fn.module.file;
  const rels: string[] = [];
  for (const attr of fn.attributes) {
    const obj = fieldOf(attr, 'object');
    if (!obj || obj.type !== 'attribute' || file.text(obj) !== `self.${AWAITABLE_ATTRS}`) continue;
    const rel = file.text(fieldOf(attr, 'attribute')!);
    if (isLazy(model, rel, entity) && !rels.includes(rel) && !switchedOff(fn, attr, call, callFile)) rels.push(rel);
  }
  return rels;
}

const FALSY = new Set(['False', 'None', '0', '""', "''", '[]', '{}', '()']);

/**
 * True when `node` runs only under a flag parameter of `fn` (`x if flag else y`, `if flag:`) that the call turns
 * off: it passes a falsy literal, or leaves it to a falsy default.
 */
function switchedOff(fn: FunctionInfo, node: PyNode, call: PyNode, callFile: PyFile): boolean {
  const file = fn.module.file;
  for (let n: PyNode = node; n.parent && n !== fn.body; n = n.parent) {
    const p = n.parent;
    const condition = p.type === 'conditional_expression' && p.children[0] === n ? p.children[1]
      : (p.type === 'if_statement' || p.type === 'elif_clause') && fieldOf(p, 'consequence') === n ? fieldOf(p, 'condition') : null;
    const flag = condition ? unparen(condition) : null;
    if (!flag || flag.type !== 'identifier') continue;
    const param = fn.params.find((x) => x.name === file.text(flag) && !x.star);
    if (!param || fn.scope.bindings.get(param.name)?.some((b) => b.kind !== 'param')) continue;
    const arg = boundArgument(call, fn, param.name, callFile);
    const passed = arg ? callFile.text(unparen(arg)) : hasSplat(call) ? null : param.default ? file.text(param.default) : null;
    if (passed !== null && FALSY.has(passed)) return true;
  }
  return false;
}

function stringsIn(file: FileContext['model']['file'], node: PyNode): string[] {
  return [...file.text(node).matchAll(/["'](\w+)["']/g)].map((m) => m[1]);
}
