import type { Analysis } from '../../knowledge/analysis.js';
import type { CallInfo, FunctionInfo } from '../../model/types.js';
import { isTestModule, TEST_PATH } from '../../model/test-modules.js';
import { fieldOf, type PyNode } from '../../syntax/py-node.js';
import { receiver } from '../../model/call-args.js';

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
export function onlyRunsOnPrivateLoop(an: Analysis, fn: FunctionInfo, depth = 4): boolean {
  if (!fn.isAsync || depth <= 0 || fn.decorators.length || fn.isLambda || fn.outer || /^__\w+__$/.test(fn.name)) return false;
  const callers = provenCallers(an, fn);
  return !!callers?.length && callers.every((c) => !!c.fn && (c.fn.isAsync ? onlyRunsOnPrivateLoop(an, c.fn, depth - 1) : handedToRunner(c)));
}

/**
 * The production calls of `fn`, when they are all there is: null when some use of its name outside tests is
 * in a module that is not loaded, or is not a call the model resolves (a reference, a call it cannot follow).
 */
function provenCallers(an: Analysis, fn: FunctionInfo): CallInfo[] | null {
  const refs = an.nameRefs;
  if (!refs) return null;
  const path = fn.module.file.path;
  const out: CallInfo[] = [];
  for (const use of refs.usesOf(fn.name, path, fn.outerNode.start, fn.outerNode.end)) {
    // Tests run the coroutine however they like: they never tell where it runs in production (and are not loaded).
    if (!use.path.endsWith('.py') || TEST_PATH.test(use.path)) continue;
    const model = an.project.modelAt(use.path);
    if (!model) return null;
    if (isTestModule(model)) continue;
    const defs = model.functions.filter((f) => f.name === fn.name && f !== fn).length;
    const calls = model.calls.filter((c) => c.name === fn.name && (use.path !== path || !within(c.node, fn)));
    if (calls.length + defs !== use.count) return null;
    for (const c of calls) {
      const target = an.calledFunction(c);
      if (target === fn) out.push(c);
      else if (!target && !(fn.cls === null && isMethodCall(c))) return null;
    }
  }
  return out;
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
function handedToRunner(call: CallInfo): boolean {
  const file = call.scope.module.file;
  let n: PyNode | null = call.node.parent;
  // The coroutine may be wrapped (`asyncio.wait_for(job(), 60)`, `asyncio.gather(a(), b())`) inside the runner's argument.
  for (let hops = 0; n && hops < 8; n = n.parent, hops++) {
    if (n.type !== 'call') continue;
    const callee = file.text(fieldOf(n, 'function') ?? n);
    if (RUNNER.test(callee)) return true;
    if (!WRAPPER.test(callee)) return false;
  }
  return false;
}

const RUNNER = /(^|\.)run_until_complete$|^asyncio\.run$/;
const WRAPPER = /^asyncio\.(wait_for|gather|shield)$/;
