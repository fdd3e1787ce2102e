import type { Analysis } from '../../knowledge/analysis.js';
import type { CallInfo, FunctionInfo } from '../../model/types.js';
import { isTestModule, TEST_PATH } from '../../model/test-modules.js';
import { fieldOf, unparen, walk, type PyNode } from '../../syntax/py-node.js';
import { callAt, positional, receiver } from '../../model/call-args.js';
import { argumentFor } from './callers.js';
import { baseClasses } from '../../model/classes.js';
import type { NameReferences } from '../../../support/name-references.js';

/**
 * True when `fn` only ever runs on an event loop of its own: every call that can run it is handed to
 * `asyncio.run(...)` or `loop.run_until_complete(...)` by plain `def` code (a Celery task, a CLI, a
 * thread's target), directly or through other coroutines that only run that way (up to `depth`
 * levels). Such a loop serves no other request: a blocking call there holds up that job alone, so
 * "every other request on this worker waits" would be wrong.
 *
 * Only provable cases count: every use of the function's name in the repository must be a call the
 * model resolves (to it or to another function), in a loaded module. A name passed as a callback, a
 * module that is not loaded, an unresolved call or no caller at all leave the answer `false`.
 */
export function onlyRunsOnPrivateLoop(an: Analysis, fn: FunctionInfo, depth = 8): boolean {
  if (!fn.isAsync || depth <= 0 || fn.decorators.length || fn.isLambda || fn.outer || /^__\w+__$/.test(fn.name)) return false;
  // Chains share their upper callers: an answer found with as many levels or more (or a proof) is reused.
  let memo = PROVEN.get(an);
  if (!memo) PROVEN.set(an, (memo = new Map()));
  const known = memo.get(fn);
  if (known && (known.result || known.depth >= depth)) return known.result;
  const callers = provenCallers(an, fn);
  const result = !!callers?.length && callers.every((c) => !!c.fn && (c.fn.isAsync ? onlyRunsOnPrivateLoop(an, c.fn, depth - 1) : handedToRunner(an, c)));
  memo.set(fn, { depth, result });
  return result;
}

const PROVEN = new WeakMap<Analysis, Map<FunctionInfo, { depth: number; result: boolean }>>();

/**
 * The production calls of `fn`, when they are all there is: null when some use of its name outside tests is
 * in a module that is not loaded, or is not a call the model resolves (a reference, a call it cannot follow).
 * A method may be called through any object (`self.sync_cloud.adownload_file(f)`, virtual dispatch): a
 * method call of its name that the model cannot resolve, or resolves to the base method it overrides, counts
 * as one of its callers, which then must only run on a private loop as well.
 */
function provenCallers(an: Analysis, fn: FunctionInfo): CallInfo[] | null {
  const refs = an.nameRefs;
  if (!refs) return null;
  const path = fn.module.file.path;
  const uses = usesThatMayRun(refs, fn);
  const out: CallInfo[] = [];
  for (const use of uses) {
    // Only listed in `__all__` or named in a lookup: the lookup is judged below.
    if (!use.count && !use.quoted) continue;
    // Tests run the coroutine however they like: they never tell where it runs in production (and are not loaded).
    if (!use.path.endsWith('.py') || TEST_PATH.test(use.path)) continue;
    const model = an.project.modelAt(use.path);
    if (!model) return null;
    if (isTestModule(model)) continue;
    // Named in a string (`getattr(job, "sync")`, a registry): called some way the model cannot follow.
    if (use.quoted) return null;
    const defs = fn.cls ? 0 : model.functions.filter((f) => f.name === fn.name && f !== fn).length;
    const calls = model.calls.filter((c) => c.name === fn.name && (use.path !== path || !within(c.node, fn)) && (!fn.cls || c.callee.type === 'attribute'));
    // A key of a nested configuration (a Celery beat entry `"sync": {"task": ..., "schedule": ...}`) only labels an entry.
    if (calls.length + defs + entryLabels(model, fn.name) !== use.count) return null;
    for (const c of calls) {
      const target = an.calledFunction(c);
      if (target === fn || (target && overrides(an, fn, target))) out.push(c);
      else if (!target && fn.cls !== null && isMethodCall(c)) out.push(c);
      else if (!target && !(fn.cls === null && isMethodCall(c))) return null;
    }
  }
  return out;
}

/**
 * The uses of a function's name that may run it, per file: a method is reached through an attribute only
 * (`obj.sync()`; a bare `sync` elsewhere is another binding), with the lookups by name (`getattr(x, "sync")`) as
 * `quoted`; a module function by its name, less the mentions in `__all__` (a re-export runs nothing).
 */
export function usesThatMayRun(refs: NameReferences, fn: FunctionInfo): { path: string; count: number; quoted: number }[] {
  const span = [fn.module.file.path, fn.outerNode.start, fn.outerNode.end] as const;
  if (fn.cls) return refs.memberUsesOf(fn.name, ...span);
  return refs.usesOf(fn.name, ...span).map((u) => ({ path: u.path, count: u.count - (u.exported ?? 0), quoted: 0 }));
}

/**
 * `fn` overrides `target`, a method of one of its class's bases: a call the model resolves to the base method
 * (`self.source.download(f)` on a `BaseSource`) may run `fn` too.
 */
function overrides(an: Analysis, fn: FunctionInfo, target: FunctionInfo): boolean {
  return !!fn.cls && !!target.cls && target.name === fn.name && baseClasses(an.project, fn.cls).includes(target.cls);
}

/**
 * `processor.process_file(f)` on something other than an imported module: a method of some object, never the
 * module-level function of that name.
 */
function isMethodCall(c: CallInfo): boolean {
  const object = receiver(c.node);
  if (!object) return false;
  return object.type !== 'identifier' || !c.scope.module.imports.has(c.scope.module.file.text(object));
}

function within(node: PyNode, fn: FunctionInfo): boolean {
  return node.start >= fn.outerNode.start && node.end <= fn.outerNode.end;
}

/** `asyncio.run(job())`, `loop.run_until_complete(job())`: the coroutine is the argument of a runner that starts a loop for it. */
function handedToRunner(an: Analysis, call: CallInfo): boolean {
  const file = call.scope.module.file;
  let child: PyNode = call.node;
  let n: PyNode | null = call.node.parent;
  // The coroutine may be wrapped (`asyncio.wait_for(job(), 60)`, `asyncio.gather(a(), b())`) inside the runner's argument,
  // or made by a factory the runner calls (`run_task(lambda: job(user_id))`).
  for (let hops = 0; n && hops < 8; child = n, n = n.parent, hops++) {
    if (n.type !== 'call') continue;
    const callee = file.text(fieldOf(n, 'function') ?? n);
    if (RUNNER.test(callee)) return true;
    if (!WRAPPER.test(callee)) return runsArgumentOnLoop(an, call, n, child);
  }
  return false;
}

/**
 * `run_async_celery_task(lambda: job(user_id))`: a project function that runs what it is handed on a loop it drives
 * itself (`loop.run_until_complete(factory())`, `asyncio.run(coro)`). `arg` is the node under `outer` that holds
 * the coroutine (the argument list around a lambda or the call).
 */
function runsArgumentOnLoop(an: Analysis, call: CallInfo, outer: PyNode, arg: PyNode): boolean {
  const info = callAt(call.scope.module.calls, outer);
  const runner = info ? an.calledFunction(info) : null;
  if (!runner || runner.isAsync || !info) return false;
  const file = runner.module.file;
  const p = runner.params.find((x) => {
    const a = argumentFor(runner, x, info);
    return !!a && a.start <= call.node.start && a.end >= call.node.end;
  });
  if (!p || arg.type !== 'argument_list') return false;
  return runner.calls.some((c) => {
    if (!RUNNER.test(file.text(c.callee))) return false;
    const first = positional(c.node, 0);
    const inner = first ? unparen(first) : null;
    const target = inner?.type === 'call' ? fieldOf(inner, 'function') : inner;
    return !!target && target.type === 'identifier' && file.text(target) === p.name;
  });
}

const RUNNER = /(^|\.)run_until_complete$|^asyncio\.run$/;
const WRAPPER = /^asyncio\.(wait_for|gather|shield)$/;

/** The node is part of a decorator (`@celery_app.task(name=...)`). */
function inDecorator(n: PyNode): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'decorator') return true;
  return false;
}

/**
 * The labels that spell `name` without running it: keys of a dictionary whose value is a dictionary
 * (`"process_sync": {"task": ...}`), and the name a task decorator registers (`@celery_app.task(name="sync")`).
 */
function entryLabels(model: { file: { root: PyNode; source: string; text(n: PyNode): string } }, name: string): number {
  if (!model.file.source.includes(`"${name}"`) && !model.file.source.includes(`'${name}'`)) return 0;
  let labels = 0;
  walk(model.file.root, (n) => {
    if (n.type === 'keyword_argument') {
      // `@celery_app.task(name="erase_account")`: the name a task is registered under, on its decorator.
      const value = fieldOf(n, 'value');
      const key = fieldOf(n, 'name');
      if (value?.type === 'string' && key && /^(actor_)?name$/.test(model.file.text(key)) && inDecorator(n) && /^["']([\w.]+)["']$/.exec(model.file.text(value))?.[1] === name) labels++;
      return;
    }
    if (n.type !== 'pair') return;
    const key = fieldOf(n, 'key');
    const value = fieldOf(n, 'value');
    if (key?.type === 'string' && value?.type === 'dictionary' && /^["']([\w.]+)["']$/.exec(model.file.text(key))?.[1] === name) labels++;
  });
  return labels;
}
