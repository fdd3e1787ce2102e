import type { RuleMeta } from '../../../rule.js';
import type { CallInfo, FunctionInfo } from '../../model/types.js';
import type { FileContext, PythonRule } from '../rule-api.js';
import { blockingCall, mayBlockByName, type BlockingCall, type BlockingKind } from './blocking.js';
import { blockingViaHelper } from './blocking-helpers.js';

const SCRIPT_PATH = /(^|\/)(scripts?|bin|tools|devtools|management\/commands)\//;

/** Startup / shutdown work (lifespan, on_event) runs before requests are served or after. */
export function isStartupHook(fn: FunctionInfo): boolean {
  const text = fn.decorators.map((d) => fn.module.file.text(d)).join(' ');
  return /asynccontextmanager|on_event\(\s*["'](startup|shutdown)/.test(text) || /^(lifespan|startup|on_startup|shutdown|on_shutdown)$/.test(fn.name);
}

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
}

export interface Hit {
  call: CallInfo;
  blocking: BlockingCall;
  /** The project helpers the call goes through, outermost first (empty for a direct call). */
  helpers: FunctionInfo[];
}

/**
 * A rule reporting blocking calls of one kind inside `async def`: one finding per function, on the
 * first added offending line (the message lists the others). Plain `def` routes run in FastAPI's
 * threadpool and nested defs / lambdas are their own functions, so neither is flagged.
 */
export function blockingRule(params: BlockingRuleParams): PythonRule {
  const { meta, kind } = params;
  return {
    meta,
    check(ctx) {
      // One-off scripts have no concurrent requests to starve.
      if (SCRIPT_PATH.test(ctx.model.file.path)) return;
      for (const fn of ctx.model.functions) {
        if (!fn.isAsync || isStartupHook(fn) || params.skip?.(fn, ctx)) continue;
        const hits = findHits(ctx, fn, kind);
        if (!hits.length) continue;
        const first = hits[0];
        const lines = hits.slice(1).map((h) => ctx.model.file.startLine(h.call.node));
        const helpers = first.helpers.map((h) => `\`${h.name}()\``);
        const via = helpers.length ? ` (${[...helpers, first.blocking.what].join(' → ')})` : '';
        const what = helpers[0] ?? first.blocking.what;
        const more = lines.length ? ` The same happens on line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}.` : '';
        ctx.report(meta, {
          node: first.call.node,
          message: `${what} blocks the event loop inside \`async def ${fn.name}\`${via}: every other request on this worker waits until it returns. ${first.blocking.advice ?? params.advice}${more}`,
          suggestion: params.suggest?.(first, ctx),
        });
      }
    },
  };
}

function findHits(ctx: FileContext, fn: FunctionInfo, kind: BlockingKind): Hit[] {
  const hits: Hit[] = [];
  for (const call of fn.calls) {
    if (!mayBlock(ctx, call) || !ctx.touches(call.node)) continue;
    const direct = blockingCall(ctx.an, call);
    if (direct) {
      if (direct.kind === kind) hits.push({ call, blocking: direct, helpers: [] });
      continue;
    }
    const via = blockingViaHelper(ctx.an, call, kind);
    if (via) hits.push({ call, blocking: via.inner, helpers: via.helpers });
  }
  return hits;
}
