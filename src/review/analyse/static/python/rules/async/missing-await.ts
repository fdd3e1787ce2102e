import type { RuleMeta } from '../../../shared/rule.js';
import { outerParent, unparen, type PyNode } from '../../syntax/py-node.js';
import { isAwaited } from '../../knowledge/analysis.js';
import type { CallInfo, FunctionInfo } from '../../model/types.js';
import { reads, refsOf } from '../../model/refs.js';
import { lookupName } from '../../model/scope.js';
import { isTestModule, type FileContext, type PythonRule } from '../support/rule-api.js';
import { isUnreferenced } from '../support/unreferenced.js';
import { COROUTINE_FUNCTIONS, COROUTINE_METHODS } from '../../knowledge/known.js';
import { insertAwait } from '../support/line-edit.js';
import { isAbstract, overridesOf } from '../support/overrides.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('missing-await');

/** Where a coroutine bound to a name is consumed properly (awaited, passed on, returned, stored). */
const COROUTINE_NAMES = new Set([
  ...Object.values(COROUTINE_METHODS).flatMap((s) => [...(s ?? [])]),
  ...[...COROUTINE_FUNCTIONS].map((q) => q.slice(q.lastIndexOf('.') + 1)),
  'execute', 'upload', 'download', 'remove', 'list', 'create_signed_url',
]);

const CONSUMING_PARENTS = new Set(['await', 'argument_list', 'return_statement', 'yield', 'list', 'tuple', 'set', 'keyword_argument', 'assignment', 'list_splat', 'pair', 'expression_list']);

export const rule: PythonRule = {
  meta,
  // An un-awaited coroutine makes a test pass without running the code it checks.
  inTests: true,
  check(ctx) {
    for (const call of ctx.model.calls) {
      const fn = call.fn;
      if (!fn || fn.isLambda || !mayReturnCoroutine(ctx, call) || isAwaited(call.node) || !ctx.touches(call.node)) continue;
      if (ctx.an.infer.valueOf(call.node, call.scope)?.t !== 'coro' || expectsSignatureError(ctx, call) || implementedAsGenerator(ctx, call) || syncAndAsyncOfTheName(ctx, call)) continue;
      const use = discardedOrMisused(ctx, call, fn);
      if (!use || (use !== 'truthy' && failsLoudlyInTest(ctx, call, use)) || testTeardown(ctx, call, use)) continue;
      // Code nothing in the repository calls never runs: the coroutine is never made (pytest finds tests by name).
      if (!isTestModule(ctx.model) && isUnreferenced(ctx.an, fn)) continue;
      const name = ctx.model.file.text(call.callee);
      ctx.report(meta, {
        node: call.node,
        message: `${MESSAGES[use](name)} ${advice(fn)}`,
        suggestion: fn.isAsync ? insertAwait(ctx.model.file, call.node) : undefined,
      });
    }
  },
};

/**
 * `if is_async: async def f(): ... else: def f(): ...`: the name is bound to a coroutine function in one branch and a
 * plain one in the other, so which one the call makes is decided at run time.
 */
function syncAndAsyncOfTheName(ctx: FileContext, call: CallInfo): boolean {
  const callee = unparen(call.callee);
  if (callee.type !== 'identifier') return false;
  const defs = (lookupName(call.scope, ctx.model.file.text(callee)) ?? []).filter((b) => b.kind === 'def' && b.fn);
  return defs.some((b) => b.fn!.isAsync) && defs.some((b) => !b.fn!.isAsync);
}

/**
 * `with pytest.raises(TypeError):` (or `assertRaises(TypeError)`) around the call: the test checks that
 * the arguments are refused, which happens when the coroutine is made, before anything could await it.
 */
function expectsSignatureError(ctx: FileContext, call: CallInfo): boolean {
  return expectsRaise(ctx, call, /\b(raises|assertRaises)\(\s*TypeError\b/);
}

/** The call sits in a `with` whose clause matches `expected` (`pytest.raises(...)`, `self.assertRaises(...)`). */
function expectsRaise(ctx: FileContext, call: CallInfo, expected: RegExp): boolean {
  for (let n = call.node.parent; n && n !== call.fn?.body; n = n.parent) {
    const clause = n.type === 'with_statement' ? n.children.find((c) => c.type === 'with_clause') : undefined;
    if (clause && expected.test(ctx.model.file.text(clause))) return true;
  }
  return false;
}

/**
 * An abstract `async def stream(...)` (it only raises, or is an `@abstractmethod`) declared to return an
 * async generator or iterator, or whose implementations `yield`: they are async generators, consumed with
 * `async for`, never awaited.
 */
function implementedAsGenerator(ctx: FileContext, call: CallInfo): boolean {
  const target = ctx.an.calledFunction(call);
  if (!target || !isAbstract(target)) return false;
  if (target.returnType && /^(\w+\.)*(AsyncGenerator|AsyncIterator|AsyncIterable)\b/.test(target.module.file.text(target.returnType))) return true;
  return overridesOf(ctx.an, target).some((o) => o.yields.length > 0);
}

/** Cheap name test before inference: a known coroutine method / function, or a project function. */
function mayReturnCoroutine(ctx: FileContext, call: CallInfo): boolean {
  return COROUTINE_NAMES.has(call.name) || ctx.an.mayBeProjectFunction(call.name) || ctx.model.file.text(call.callee).includes('auth.');
}

const MESSAGES: Record<Use, (name: string) => string> = {
  discarded: (name) => `\`${name}(...)\` returns a coroutine that is never awaited, so it never runs.`,
  misused: (name) => `\`${name}(...)\` returns a coroutine, but its result is used as if the call had completed (it was never awaited).`,
  returned: (name) =>
    `\`${name}(...)\` returns a coroutine, and this \`async def\` returns it without \`await\`: its caller's \`await\` gets the ` +
    'coroutine object instead of the result, and the call never runs.',
  truthy: (name) =>
    `\`${name}(...)\` is tested for truth without \`await\`: a coroutine object is always true, so this check never depends on ` +
    'what the call decides (and the call never runs).',
};

type Use = 'discarded' | 'misused' | 'truthy' | 'returned';

/** Where a value is only tested for truth: conditions, `assert`, comprehension filters. */
const CONDITION_OF: Record<string, (parent: PyNode, child: PyNode) => boolean> = {
  if_statement: (p, c) => c.field === 'condition',
  elif_clause: (p, c) => c.field === 'condition',
  while_statement: (p, c) => c.field === 'condition',
  assert_statement: (p, c) => p.children[0] === c,
  conditional_expression: (p, c) => p.children[1] === c,
  if_clause: () => true,
};

/**
 * True when the call's value is only tested for truth: a condition, `not f()`, or an operand of
 * `and` / `or` inside a condition (`if user and svc.can_write(user):`).
 */
function testedForTruth(call: PyNode): boolean {
  let child = call;
  let negated = false;
  for (let p = call.parent; p; child = p, p = p.parent) {
    if (p.type === 'parenthesized_expression') continue;
    if (p.type === 'not_operator') {
      negated = true;
      continue;
    }
    if (p.type === 'boolean_operator') continue;
    return negated || !!CONDITION_OF[p.type]?.(p, child);
  }
  return negated;
}

function advice(fn: FunctionInfo): string {
  return fn.isAsync ? 'Add `await`.' : `\`${fn.name}\` is a plain \`def\`: make it \`async def\` and await the call, or schedule it explicitly.`;
}

/**
 * 'discarded' for a bare expression statement, 'truthy' for a condition, 'misused' when a name bound
 * to it is never consumed.
 */
function discardedOrMisused(ctx: FileContext, call: CallInfo, fn: FunctionInfo): Use | null {
  const parent = outerParent(call.node);
  if (!parent) return null;
  if (testedForTruth(call.node)) return 'truthy';
  if (parent.type === 'expression_statement') return 'discarded';
  // `return other()` in an `async def`: the caller's `await` yields the coroutine object, never its result.
  if (parent.type === 'return_statement') return fn.isAsync && !returnsAwaitable(ctx, fn) ? 'returned' : null;
  if (parent.type !== 'assignment') return null;
  const left = parent.children.find((c) => c.field === 'left');
  if (!left || left.type !== 'identifier') return null;
  const name = ctx.model.file.text(left);
  const refs = refsOf(fn, name).filter((r) => r.start > call.node.end);
  if (refs.some((r) => consumes(r))) return null;
  // Also consumed when a nested function (a callback, a task body) uses it.
  if (fn.nested.some((n) => reads(n, name))) return null;
  return refs.length ? 'misused' : 'discarded';
}

/** `block.value`, `block["x"]`, `block()`: the value read as the call's result, the first thing done with it. */
const READS_AT_ONCE = new Set(['attribute', 'subscript', 'call']);

/**
 * In a test, a coroutine used as if it were its result (`block = manager.undo(...)`, then `block.value`) fails
 * the test the first time it runs (an AttributeError, a TypeError on a coroutine object): the test runner says
 * so, louder than a review. Only the silent slips are worth a comment there: a call that never runs, a check
 * that always passes (`assert coro()`), a result only compared or tested (`assert result is not None`). A call
 * the test expects to raise fails it too: the coroutine is never run, so nothing raises.
 */
function failsLoudlyInTest(ctx: FileContext, call: CallInfo, use: Use): boolean {
  if (!isTestModule(ctx.model)) return false;
  // `with pytest.raises(ValueError): svc.undo(...)`: nothing runs, nothing raises, and pytest fails the test (DID NOT RAISE).
  if (use === 'discarded') return expectsRaise(ctx, call, /\b(raises|assertRaises)\(/);
  const parent = outerParent(call.node);
  const left = parent?.children.find((c) => c.field === 'left');
  if (!left || !call.fn) return false;
  const [first] = refsOf(call.fn, ctx.model.file.text(left)).filter((r) => r.start > call.node.end);
  const p = first?.parent;
  return !!p && READS_AT_ONCE.has(p.type) && p.children[0] === first;
}

/**
 * In a test, a clean-up call left un-awaited (`session.close()`, `engine.dispose()` at the end of a fixture): what it
 * would release lives only as long as the test process, and no check of the test depends on it.
 */
function testTeardown(ctx: FileContext, call: CallInfo, use: Use): boolean {
  return use === 'discarded' && isTestModule(ctx.model) && TEARDOWN.test(call.name);
}

const TEARDOWN = /^_*(a?close|dispose|shutdown|disconnect|stop|cleanup|clean_up|teardown|terminate|release|aclose_all|close_all)$/;

/** The function says it returns something to await (`-> Awaitable[T]`, `Coroutine`, a `Task`, `Any`): the coroutine is meant. */
function returnsAwaitable(ctx: FileContext, fn: FunctionInfo): boolean {
  return !!fn.returnType && /\b(Awaitable|Coroutine|Future|Task|Any|object)\b/.test(ctx.model.file.text(fn.returnType));
}

function consumes(ref: PyNode): boolean {
  const p = outerParent(ref);
  return !p || CONSUMING_PARENTS.has(p.type);
}
