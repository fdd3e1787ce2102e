import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, type PyNode } from '../../syntax/py-node.js';
import { kwargNode } from '../../model/call-args.js';
import type { PythonRule } from '../support/rule-api.js';
import type { CallInfo } from '../../model/types.js';
import { removeKeyword } from '../support/line-edit.js';
import { isConstant, reportConstantUse } from '../support/constants.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('tls-verification-disabled');

const HTTP_CALLS = /^(requests|httpx)(\.api)?\.(get|post|put|patch|delete|head|options|request|stream|Client|AsyncClient|Session)$|^aiohttp\.(TCPConnector|ClientSession)$/;
const UNVERIFIED_CONTEXT = /^ssl\._create_unverified_context$/;

/** A test of a verification setting (`verify`, `validate_certs`, `ssl_verify`, `insecure`). */
const VERIFY_FLAG = /verif|validat|insecure|\bssl\b|_ssl\b|\bssl_|\btls\b|cert/i;

/** The node runs in a branch (an `if`, `elif`, `else` or conditional expression) chosen by a verification setting. */
function chosenByVerifyFlag(file: { text(n: PyNode): string }, node: PyNode): boolean {
  for (let n: PyNode | null = node.parent; n && n.type !== 'function_definition' && n.type !== 'module'; n = n.parent) {
    const test = n.type === 'if_statement' || n.type === 'elif_clause' ? fieldOf(n, 'condition') : n.type === 'conditional_expression' ? n.children[1] : null;
    if (test && VERIFY_FLAG.test(file.text(test))) return true;
  }
  return false;
}

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
        // `if not settings.validate_certs: context = ssl._create_unverified_context()`: the user's documented opt-out.
        if (chosenByVerifyFlag(ctx.model.file, call.node)) continue;
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
