import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import { argumentValues, receiver } from '../../model/call-args.js';
import type { CallInfo, Scope } from '../../model/types.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('async-session-shared-across-tasks');

const SHARED_KINDS = /^(sa\.(AsyncSession|AsyncConnection)|apg\.Connection|pg\.AsyncConnection)$/;

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const call of ctx.model.calls) {
      if (call.name !== 'gather' || !ctx.touches(call.node) || ctx.an.qualifiedCallee(call) !== 'asyncio.gather') continue;
      const shared = sharedSession(ctx, call);
      if (!shared) continue;
      ctx.report(meta, {
        node: call.node,
        message:
          `These coroutines run concurrently but share \`${shared}\`: an AsyncSession / connection allows one operation at a time, ` +
          'so this fails with "concurrent operations are not permitted" (or mixes their transactions). Await them one by one, or give each its own session.',
      });
    }
  },
};

/** The session name used by two or more gathered coroutines (or by a generator of them). */
function sharedSession(ctx: FileContext, call: CallInfo): string | null {
  const counts = new Map<string, number>();
  for (const arg of argumentValues(call.node)) {
    const a = unparen(arg);
    const many = a.type === 'generator_expression' || a.type === 'list_comprehension';
    const body = many ? fieldOf(a, 'body') : a;
    for (const name of sessionsUsed(ctx, body, call.scope)) counts.set(name, (counts.get(name) ?? 0) + (many ? 2 : 1));
  }
  for (const [name, n] of counts) if (n >= 2) return name;
  return null;
}

/** Session names passed to (or used as the receiver of) a coroutine call. */
function sessionsUsed(ctx: FileContext, node: PyNode | null, scope: Scope): string[] {
  const n = node ? unparen(node) : null;
  if (!n || n.type !== 'call') return [];
  const candidates = [...argumentValues(n), receiver(n)].filter((x): x is PyNode => !!x && x.type === 'identifier');
  const out: string[] = [];
  for (const c of candidates) {
    const v = ctx.an.infer.valueOf(c, scope);
    if (v?.t === 'inst' && SHARED_KINDS.test(v.kind)) out.push(ctx.model.file.text(c));
  }
  return [...new Set(out)];
}
