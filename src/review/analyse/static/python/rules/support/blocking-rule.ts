import type { RuleMeta } from '../../../shared/rule.js';
import type { CallInfo, FunctionInfo } from '../../model/types.js';
import type { FileContext, PythonRule } from './rule-api.js';
import { isAwaited } from '../../knowledge/analysis.js';
import { blockingCall, mayBlockByName, syncHandleToUnreadHelper, type BlockingCall, type BlockingKind } from './blocking.js';
import { blockingViaHelper } from './blocking-helpers.js';
import { isOneOffModule, onlyRunsAtStartup } from './one-off.js';
import { isUnreferenced } from './unreferenced.js';
import { onlyRunsOnPrivateLoop } from './private-loop.js';
import { debugOnly, optionNeverOn, unusedOptionBranch } from './blocking-guards.js';
import { callersOf } from './callers.js';
import { boundLocal } from './locals.js';
import { positional, receiver } from '../../model/call-args.js';


/** Cheap name test first: a known blocking function / method, or a project helper. */
function mayBlock(ctx: FileContext, call: CallInfo): boolean {
  return mayBlockByName(call.name) || ctx.an.mayBeProjectFunction(call.name);
}

export interface BlockingRuleParams {
  meta: RuleMeta;
  kind: BlockingKind;
  /** The fix, one sentence. */
  advice: string;
  /** Skips functions where the blocking call is acceptable (startup hooks for file reads). */
  skip?: (fn: FunctionInfo, ctx: FileContext) => boolean;
  /** A replacement for the reported line, when the fix is mechanical. */
  suggest?: (hit: Hit, ctx: FileContext) => ((lineText: string, line: number) => string | null) | undefined;
  /**
   * The fix is the whole function's (switch it to the async driver, or make it a plain `def`): one
   * finding per function, listing every stall, instead of one per stall.
   */
  perFunction?: boolean;
}

export interface Hit {
  call: CallInfo;
  blocking: BlockingCall;
  /** The project helpers the call goes through, outermost first (empty for a direct call). */
  helpers: FunctionInfo[];
  /** The implementations that block, when the call runs an abstract method (the first is `helpers[0]`). */
  implementations?: FunctionInfo[];
}

/**
 * A rule reporting blocking calls of one kind inside `async def`: one finding per stall (the calls
 * between two awaits), on its first added offending line (the message lists the others). Plain
 * `def` routes run in FastAPI's threadpool and nested defs / lambdas are their own functions, so
 * neither is flagged.
 */
export function blockingRule(params: BlockingRuleParams): PythonRule {
  const { meta, kind } = params;
  return {
    meta,
    check(ctx) {
      // One-off scripts have no concurrent requests to starve.
      if (isOneOffModule(ctx.model)) return;
      for (const fn of ctx.model.functions) {
        if (!fn.isAsync) continue;
        const hits = findHits(ctx, fn, kind);
        // Dead code (nothing in the repository calls it), start-up work and a job on a loop of its own (a Celery
        // task's `asyncio.run`) stall no request.
        if (!hits.length || params.skip?.(fn, ctx) || isUnreferenced(ctx.an, fn) || onlyRunsAtStartup(ctx.an, fn) || onlyRunsOnPrivateLoop(ctx.an, fn)) continue;
        const stalls = foldSessions(ctx, stallsOf(fn, hits));
        for (const stall of params.perFunction && stalls.length ? [stalls.flat()] : stalls) reportStall({ ctx, params, fn, stall });
      }
    },
  };
}

/**
 * Hits split where the function awaits between them: each group blocks the loop in one go, from its
 * first call to the next `await`, and is one place to fix.
 */
function stallsOf(fn: FunctionInfo, hits: Hit[]): Hit[][] {
  if (hits.length < 2) return hits.length ? [hits] : [];
  const awaits = fn.calls.filter((c) => isAwaited(c.node)).map((c) => c.node.start);
  const out: Hit[][] = [[hits[0]]];
  for (let i = 1; i < hits.length; i++) {
    const prev = hits[i - 1].call.node.end;
    const next = hits[i].call.node.start;
    if (awaits.some((a) => a >= prev && a < next)) out.push([hits[i]]);
    else out[out.length - 1].push(hits[i]);
  }
  return out;
}

/**
 * Stalls that go on with a connection an earlier stall opened (`smtp = smtplib.SMTP(...)`, then after
 * an await `smtp.send_message(...)`, then `smtp.quit()`) are one fix, the whole session moved to a
 * thread: they are listed on the stall that opened it.
 */
function foldSessions(ctx: FileContext, stalls: Hit[][]): Hit[][] {
  const out: Hit[][] = [];
  const opener = new Map<string, Hit[]>();
  for (const stall of stalls) {
    const home = stall.every((h) => opener.has(receiverName(ctx, h) ?? '')) ? opener.get(receiverName(ctx, stall[0])!) : undefined;
    const target = home ?? stall;
    if (home) home.push(...stall);
    else out.push(stall);
    for (const h of stall) {
      const bound = boundLocal(h.call);
      if (bound) opener.set(bound, target);
    }
  }
  return out;
}

/** The local a call is made on: `smtp` in `smtp.quit()`. */
function receiverName(ctx: FileContext, h: Hit): string | null {
  const recv = receiver(h.call.node);
  return recv?.type === 'identifier' ? ctx.model.file.text(recv) : null;
}

/** One finding on the first real I/O of a stall; metadata-only calls (mkdir, unlink) are listed, never reported alone. */
function reportStall(p: { ctx: FileContext; params: BlockingRuleParams; fn: FunctionInfo; stall: Hit[] }): void {
  const { ctx, params, fn, stall } = p;
  const first = stall.find((h) => !h.blocking.minor);
  if (!first) return;
  const lines = [...new Set(stall.filter((h) => h !== first).map((h) => ctx.model.file.startLine(h.call.node)))].sort((a, b) => a - b);
  const impls = first.implementations ?? [];
  const helpers = first.helpers.map((h, i) => (i === 0 && impls.length ? `\`${qualifiedMethod(h)}()\`` : `\`${h.name}()\``));
  const via = helpers.length ? ` (${[...helpers, first.blocking.what].join(' → ')})` : '';
  const what = impls.length ? `\`${first.helpers[0].name}()\`` : helpers[0] ?? first.blocking.what;
  // `self.request()` in the base class runs whichever subclass the object is: the base method is only declared.
  const implemented = impls.length
    ? `: the base method is abstract and ${impls.length > 1 ? `implementations (${namedFew(impls)}) block` : `an implementation (\`${qualifiedMethod(impls[0])}\`) blocks`}${via}. Every other request`
    : `${via}: every other request`;
  const more = lines.length ? ` The same happens on line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}.` : '';
  // A project helper that blocks, called from many coroutines, is one fix: the review names it once (a finding per
  // function is that function's own fix, and stays).
  const helper = first.helpers[0];
  const group = helper && !params.perFunction ? { key: `${params.meta.id}:${helper.module.file.path}:${helper.node.start}`, fixIn: `\`${helper.name}()\`` } : undefined;
  ctx.report(params.meta, {
    node: first.call.node,
    message: `${what} blocks the event loop inside \`async def ${fn.name}\`${implemented} on this worker waits until it returns. ${first.blocking.advice ?? params.advice}${more}`,
    suggestion: params.suggest?.(first, ctx),
    group,
  });
}

function findHits(ctx: FileContext, fn: FunctionInfo, kind: BlockingKind): Hit[] {
  const hits: Hit[] = [];
  for (const call of fn.calls) {
    // A developer's capture behind a debug switch stalls no request. An awaited call returns an awaitable: whatever
    // the inference says of its client (a factory typed `Anthropic | AsyncAnthropic`), it is the async one.
    if (!ctx.touches(call.node) || debugOnly(fn, call) || isAwaited(call.node)) continue;
    // A function of the project the review did not read, handed this function's sync session: it queries on the loop.
    const handed = kind === 'db' ? syncHandleToUnreadHelper(ctx.an, call) : null;
    if (handed) {
      hits.push({ call, blocking: handed, helpers: [] });
      continue;
    }
    if (!mayBlock(ctx, call)) continue;
    // Under `if ... and self.add_images:`, where no construction of the object turns the option on, it never runs.
    if (optionNeverOn(ctx.an, fn, call)) continue;
    const found = blockingCall(ctx.an, call);
    // File work on an error path, or a teardown removing the object's own directory, runs once in a while:
    // listed with the function's other file I/O, never reported alone.
    const direct = found?.kind === 'file' && !found.minor && (inErrorHandler(fn, call) || removesOwnDirectory(ctx, fn, call)) ? { ...found, minor: true } : found;
    if (direct) {
      // Under `if file_path:` where no loaded caller passes a file_path, the call never runs.
      if (direct.kind === kind && !unusedOptionBranch(fn, call, callersOf(ctx.an, fn), (f) => callersOf(ctx.an, f))) hits.push({ call, blocking: direct, helpers: [] });
      continue;
    }
    const via = blockingViaHelper(ctx.an, call, kind);
    if (via) hits.push({ call, blocking: kind === 'file' && inErrorHandler(fn, call) ? { ...via.inner, minor: true } : via.inner, helpers: via.helpers, implementations: via.implementations });
  }
  return hits;
}

/** The first three methods, named with their classes, and how many more. */
function namedFew(fns: FunctionInfo[]): string {
  const named = fns.slice(0, 3).map((f) => `\`${qualifiedMethod(f)}\``).join(', ');
  return fns.length > 3 ? `${named} and ${fns.length - 3} more` : named;
}

/** `OpenAIClient.request`: a method named with its class. */
function qualifiedMethod(fn: FunctionInfo): string {
  return fn.cls ? `${fn.cls.name}.${fn.name}` : fn.name;
}

/** The call runs in an `except` handler of its function (not a `finally`, which runs every time). */
function inErrorHandler(fn: FunctionInfo, call: CallInfo): boolean {
  for (let n = call.node.parent; n && n !== fn.body; n = n.parent) if (n.type === 'except_clause' || n.type === 'except_group_clause') return true;
  return false;
}

/** `shutil.rmtree(self.workdir)` in `close` / `aclose` / `cleanup` / `__aexit__`: the object's directory, removed once, at its end. */
function removesOwnDirectory(ctx: FileContext, fn: FunctionInfo, call: CallInfo): boolean {
  if (!fn.cls || !TEARDOWN.test(fn.name) || ctx.an.qualifiedCallee(call) !== 'shutil.rmtree') return false;
  const target = positional(call.node, 0);
  return !!target && /^self\.\w+$/.test(ctx.model.file.text(target));
}

const TEARDOWN = /^_*(a?close|cleanup\w*|clean_up\w*|teardown|tear_down|shutdown|dispose|__aexit__|__exit__|stop)$/;
