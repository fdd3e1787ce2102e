import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, guardingTests, unparen, walk, type PyNode } from '../../syntax/py-node.js';
import { lookupName } from '../../model/scope.js';
import { argumentValues } from '../../model/call-args.js';
import { entityOf, iteratedRows } from '../../knowledge/entities.js';
import { isDbHandle, resultOf } from '../../knowledge/queries.js';
import type { CallInfo, FunctionInfo, LoopInfo } from '../../model/types.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { isOneOffCode, onlyRunsAtStartup, onlyRunsPeriodically } from '../support/one-off.js';
import { asyncRowLoads } from '../support/async-row-loads.js';
import { loadsFromIdentityMap } from '../../../support/reference-data.js';
import { rowsDeclaredInCode } from '../support/declared-rows.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('n-plus-one-in-loop');

const QUERY_NAMES = new Set(['execute', 'scalars', 'scalar', 'stream', 'stream_scalars', 'get', 'get_one', 'fetch', 'fetchrow', 'fetchval', 'exec', 'all', 'first', 'one', 'one_or_none']);

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const fn of ctx.model.functions) {
      // Start-up and one-off code runs the loop once, not per request.
      if (isOneOffCode(fn, ctx.model) || onlyRunsPeriodically(ctx.an, fn) || onlyRunsAtStartup(ctx.an, fn)) continue;
      const reported = new Set<LoopInfo>();
      const lazy = lazyRelationshipInLoop(ctx, fn);
      if (lazy) {
        reported.add(lazy.loop);
        ctx.report(meta, {
          node: lazy.attr,
          message:
            `\`${ctx.model.file.text(lazy.attr)}\` lazy-loads the \`${lazy.rel}\` relationship once per row of the loop (N+1). ` +
            'Load it with the query (`selectinload` / `joinedload`) so all rows come back in one or two queries.',
        });
      }
      for (const load of asyncRowLoads(ctx, fn)) {
        if (reported.has(load.loop)) continue;
        reported.add(load.loop);
        const target = load.loop.target ? ctx.model.file.text(load.loop.target) : 'row';
        const rels = load.rels.length ? ` (${load.rels.map((r) => `\`${r}\``).join(', ')})` : '';
        ctx.report(meta, {
          node: load.node,
          message:
            `${load.what} loads${rels} with one query per \`${target}\` of the loop (N+1): a page of N rows costs N+1 round trips. ` +
            'Load the relationships with the rows (`.options(selectinload(...))` on the query that returns them) and read them without a query.',
        });
      }
      for (const call of fn.calls) {
        if (!call.loop || !(QUERY_NAMES.has(call.name) || ctx.an.mayBeProjectFunction(call.name)) || !ctx.touches(call.node)) continue;
        const loop = outermostRowLoop(ctx, fn, call.loop);
        if (!loop || reported.has(loop) || keyedByInnerItems(ctx, call, loop) || leavesLoopAfter(call, loop) || onOneKeyOnly(ctx, call, loop) || backfills(ctx, fn, loop) || tearsDownEach(ctx, call) || !isQuery(ctx, call, loop)) continue;
        reported.add(loop);
        const target = loop.target ? ctx.model.file.text(loop.target) : 'row';
        ctx.report(meta, {
          node: call.node,
          message:
            `This query runs once per \`${target}\` of the loop (N+1): a page of N rows costs N+1 round trips. Fetch the ` +
            'related data for all rows at once (eager loading, one `IN (...)` / `= ANY(...)` query grouped in Python, or a join / embedded select).',
        });
      }
    }
  },
};

/**
 * A backfill: the rows are the ones whose column is still NULL (`Grant.member_id.is_(None)`), and the loop
 * fills that column on each (`grant.member_id = ...`). It drains its own input: one-off data work, however
 * it is scheduled, not a request's page of rows.
 */
function backfills(ctx: FileContext, fn: FunctionInfo, loop: LoopInfo): boolean {
  const target = loop.target?.type === 'identifier' ? ctx.model.file.text(loop.target) : null;
  if (!target || !fn.body) return false;
  const file = ctx.model.file;
  const text = file.text(fn.body);
  const body = file.text(loop.node);
  for (const m of text.matchAll(/\b[A-Z]\w*\.(\w+)\s*(?:\.is_\(\s*None\s*\)|==\s*None\b)/g)) {
    if (new RegExp(`\\b${target}\\.${m[1]}\\s*=(?!=)`).test(body)) return true;
  }
  return false;
}

/**
 * The query runs at most once per loop: it is returned, or a `return`, `raise` or `break` (of the row loop itself)
 * follows it unconditionally in its block or in a block around it. A search that stops at the first row that
 * matches (`for key in candidates: if verify(key): return db.get(User, key.owner_id)`) looks one row up, not N.
 */
function leavesLoopAfter(call: CallInfo, loop: LoopInfo): boolean {
  for (let n: PyNode | null = call.node; n && n !== loop.node; n = n.parent) {
    if (n.type === 'return_statement' || n.type === 'raise_statement') return true;
    const block = n.parent;
    if (block?.type !== 'block') continue;
    // A `break` in a loop nested inside the row loop ends only that loop.
    const breaks = !hasLoopBetween(block, loop.node);
    const after = block.children.slice(block.children.indexOf(n) + 1);
    if (after.some((s) => s.type === 'return_statement' || s.type === 'raise_statement' || (breaks && s.type === 'break_statement'))) return true;
  }
  return false;
}

/** The key of a key-value row (`config.key`, `setting.name`, `option.field`). */
const KEY_ATTR = /^(key|\w+_key|name|\w+_name|field|setting|option|attribute|param|parameter)$/;

/**
 * The loop walks key-value rows (an agent's configuration) and the query sits under a test of the row's key against
 * one literal (`if config.key == "tools":`): a key names one row of the set, so the query runs once, not per row.
 */
function onOneKeyOnly(ctx: FileContext, call: CallInfo, loop: LoopInfo): boolean {
  const target = loop.target?.type === 'identifier' ? ctx.model.file.text(loop.target) : null;
  if (!target) return false;
  const file = ctx.model.file;
  for (const { test } of guardingTests(call.node, (n) => n === loop.node)) {
    const c = unparen(test);
    if (c.type !== 'comparison_operator' || c.children.length !== 2 || c.tokens?.length !== 1 || c.tokens[0] !== '==') continue;
    const [l, r] = c.children.map(unparen);
    const [attr, lit] = l.type === 'string' ? [r, l] : [l, r];
    if (lit.type !== 'string' || attr.type !== 'attribute') continue;
    const obj = fieldOf(attr, 'object');
    const name = fieldOf(attr, 'attribute');
    if (obj && name && file.text(obj) === target && KEY_ATTR.test(file.text(name))) return true;
  }
  return false;
}

function hasLoopBetween(node: PyNode, outer: PyNode): boolean {
  for (let n = node.parent; n && n !== outer; n = n.parent) if (n.type === 'for_statement' || n.type === 'while_statement') return true;
  return false;
}

/**
 * `await delete_agent_async(agent.id)` per row: a project helper that tears each item down (delete, remove,
 * detach, archive, close, cancel, revoke) with its own clean-up. The work per item is the point; one `IN`
 * query cannot replace it, and it is no read of related data.
 */
function tearsDownEach(ctx: FileContext, call: CallInfo): boolean {
  const helper = ctx.an.calledFunction(call);
  return !!helper && TEARDOWN_VERB.test(helper.name);
}

const TEARDOWN_VERB = /^_*(delete|remove|detach|archive|close|cancel|revoke|purge|destroy|unlink|teardown|cleanup)(_|$)/;

/**
 * The innermost enclosing loop (of the call's function) that iterates over query results. Rows of a table
 * the code declares (one per item of a list in the code, written by install code: see declared-rows) are
 * as many as the code lists: a loop over them is no page of N rows.
 */
function outermostRowLoop(ctx: FileContext, fn: FunctionInfo, loop: LoopInfo | null): LoopInfo | null {
  for (let l = loop; l; l = l.outer) {
    if (l.kind === 'while' || !l.iter) continue;
    const scope = fn.scope;
    const rows = iteratedRows(ctx.an, l.iter, scope);
    if (rows?.many) {
      if (rows.stmt.model && rowsDeclaredInCode(ctx.an, rows.stmt.model)) continue;
      return l;
    }
    const coll = entityOf(ctx.an, l.iter, scope);
    if (coll?.many && !rowsDeclaredInCode(ctx.an, coll.model)) return l;
  }
  return null;
}

/**
 * The query sits in an inner loop over something other than rows (regex matches in a message, the
 * lines of a text), and every name its arguments read is bound in that inner loop, or is the
 * session, or comes from the module: it runs once per inner item, keyed by that item, not once per row of the outer result.
 */
function keyedByInnerItems(ctx: FileContext, call: CallInfo, rowLoop: LoopInfo): boolean {
  const inner = call.loop;
  if (!inner || inner === rowLoop || inner.kind === 'while') return false;
  const names: PyNode[] = [];
  for (const a of argumentValues(call.node)) {
    walk(a, (n) => {
      if (n.type === 'identifier' && !(n.parent?.type === 'attribute' && fieldOf(n.parent, 'attribute') === n) && n.parent?.type !== 'keyword_argument') names.push(n);
      else if (n.type === 'identifier' && n.parent?.type === 'keyword_argument' && fieldOf(n.parent, 'value') === n) names.push(n);
    });
  }
  if (!names.length) return false;
  return names.every((n) => {
    if (isDbHandle(ctx.an, n, call.scope)) return true;
    const bindings = lookupName(call.scope, ctx.model.file.text(n)) ?? [];
    // Names from the module (imports, models, constants) are the same for every item.
    const fixed = (b: (typeof bindings)[number]) => b.scope === ctx.model.scope || b.kind === 'import' || b.kind === 'class' || b.kind === 'def';
    return bindings.length > 0 && bindings.every((b) => fixed(b) || (b.node.start >= inner.node.start && b.node.end <= inner.node.end));
  });
}

/**
 * A call that runs a query: a session / connection / PostgREST execution, or a helper that runs one,
 * given the session or the row (`repo.count_bookings(c.id)` with a module-level pool).
 */
function isQuery(ctx: FileContext, call: CallInfo, loop: LoopInfo): boolean {
  const r = resultOf(ctx.an, call.node, call.scope);
  if (r && r.exec === call.node) return true;
  const helper = ctx.an.calledFunction(call);
  if (!helper || helper === call.fn) return false;
  const row = loop.target?.type === 'identifier' ? new RegExp(`\\b${ctx.model.file.text(loop.target)}\\b`) : null;
  const args = argumentValues(call.node);
  if (!args.some((a) => isDbHandle(ctx.an, a, call.scope) || (row && row.test(ctx.model.file.text(a))))) return false;
  // A helper that writes what it read (a status change after `SELECT ... FOR UPDATE`, an insert chained to the one
  // before) is per-item work, done one at a time on purpose: not a read a join or an `IN (...)` would replace.
  if (writes(ctx, helper)) return false;
  return helper.calls.some((c) => {
    const inner = resultOf(ctx.an, c.node, c.scope);
    return !!inner && inner.exec === c.node;
  });
}

/** Session methods that write: adding, deleting or committing rows. */
const WRITE_METHODS = new Set(['add', 'add_all', 'merge', 'delete', 'flush', 'commit', 'bulk_save_objects']);

/** The helper adds, deletes, flushes or commits rows on a database handle. */
function writes(ctx: FileContext, helper: FunctionInfo): boolean {
  return helper.calls.some((c) => {
    if (!WRITE_METHODS.has(c.name)) return false;
    const callee = unparen(c.callee);
    const recv = callee.type === 'attribute' ? fieldOf(callee, 'object') : null;
    return !!recv && isDbHandle(ctx.an, recv, c.scope);
  });
}

/**
 * Sync code: touching a lazy relationship of each row inside the loop issues one SELECT per row.
 * (Async code is reported by sqla-async-implicit-lazy-load, where it also raises MissingGreenlet.)
 */
export function lazyRelationshipInLoop(ctx: FileContext, fn: FunctionInfo): { attr: PyNode; loop: LoopInfo; rel: string } | null {
  if (fn.isAsync) return null;
  for (const attr of fn.attributes) {
    const obj = fieldOf(attr, 'object');
    const nameNode = fieldOf(attr, 'attribute');
    if (!obj || !nameNode || obj.type !== 'identifier' || !ctx.touches(attr)) continue;
    const loop = fn.loops.find((l) => l.target && l.target.type === 'identifier' && ctx.model.file.text(l.target) === ctx.model.file.text(obj) && l.node.start < attr.start && attr.end <= l.node.end);
    if (!loop) continue;
    const entity = entityOf(ctx.an, obj, fn.scope);
    const name = ctx.model.file.text(nameNode);
    const rel = entity && !entity.many ? entity.model.relationships.get(name) : null;
    if (!rel || (rel.lazy && /^(selectin|joined|subquery|immediate)$/.test(rel.lazy)) || entity!.loaders.has(name) || loadsFromIdentityMap(rel)) continue;
    return { attr, loop, rel: name };
  }
  return null;
}
