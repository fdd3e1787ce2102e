import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf } from '../../syntax/py-node.js';
import { kwargNode } from '../../model/call-args.js';
import type { PythonRule } from '../support/rule-api.js';
import type { CallInfo } from '../../model/types.js';
import { removeKeyword } from '../support/line-edit.js';
import { isConstant, reportConstantUse } from '../support/constants.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('tls-verification-disabled');

const HTTP_CALLS = /^(requests|httpx)(\.api)?\.(get|post|put|patch|delete|head|options|request|stream|Client|AsyncClient|Session)$|^aiohttp\.(TCPConnector|ClientSession)$/;
const UNVERIFIED_CONTEXT = /^ssl\._create_unverified_context$/;

/** A `verify=` / `ssl=` / `verify_ssl=` keyword among the arguments (cheap pre-check). */
function hasVerifyFlag(call: CallInfo): boolean {
  const file = call.scope.module.file;
  return !!call.args?.children.some((a) => a.type === 'keyword_argument' && /^(verify|ssl|verify_ssl)\b/.test(file.source.slice(a.start, a.start + 10)));
}

export const rule: PythonRule = {
  meta,
  check(ctx) {
    const file = ctx.model.file;
    for (const call of ctx.model.calls) {
      if (call.name !== '_create_unverified_context' && !hasVerifyFlag(call)) continue;
      const q = ctx.an.qualifiedCallee(call);
      if (q && UNVERIFIED_CONTEXT.test(q) && ctx.touches(call.node)) {
        ctx.report(meta, { node: call.node, message: 'An unverified SSL context accepts any certificate: traffic can be intercepted. Use `ssl.create_default_context()` (with your CA bundle if needed).' });
        continue;
      }
      const recv = ctx.an.receiverValue(call);
      const isHttp = (q && HTTP_CALLS.test(q)) || (recv?.t === 'inst' && /^(httpx\.|requests\.|aiohttp\.)/.test(recv.kind));
      if (!isHttp) continue;
      for (const name of ['verify', 'ssl', 'verify_ssl']) {
        const kw = kwargNode(call.node, name, file);
        const value = kw ? fieldOf(kw, 'value') : null;
        // A module constant or a plain config class counts; a settings field is read from the environment.
        const site = value ? isConstant(ctx.an, value, call.scope, 'False') : null;
        if (!kw || !site) continue;
        const via = site.origin === 'literal' ? `\`${name}=False\`` : `\`${name}=${file.text(value!)}\` (False)`;
        reportConstantUse(ctx, meta, {
          use: kw,
          site,
          message:
            `${via} turns off certificate checks for this request: anyone on the network path can impersonate ` +
            'the server and read or alter the data. Remove it (or point `verify` at your CA bundle).',
          suggestion: name === 'verify' && site.origin === 'literal' ? removeKeyword(file, kw) : undefined,
        });
      }
    }
  },
};
