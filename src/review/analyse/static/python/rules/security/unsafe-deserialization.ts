import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf } from '../../syntax/py-node.js';
import { kwarg, kwargNode, positional } from '../../model/call-args.js';
import type { CallInfo } from '../../model/types.js';
import { dependencyTarget } from '../../knowledge/depends.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { replaceNode } from '../support/line-edit.js';
import { moduleAlias } from '../support/imports.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('unsafe-deserialization');

const UNSAFE_LOADERS = /(^|\.)(Loader|UnsafeLoader|CLoader|CUnsafeLoader)$/;
const PICKLES = /^(pickle|cPickle|_pickle|dill|cloudpickle|jsonpickle)\.(loads|load|decode|Unpickler)$|^marshal\.loads?$/;

const DESER_NAMES = new Set(['load', 'load_all', 'unsafe_load', 'unsafe_load_all', 'loads', 'decode', 'Unpickler']);

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const call of ctx.model.calls) {
      if (!DESER_NAMES.has(call.name) || !ctx.touches(call.node)) continue;
      const q = ctx.an.qualifiedCallee(call);
      if (!q) continue;
      if (/^yaml\.(load|load_all|unsafe_load|unsafe_load_all)$/.test(q)) checkYaml(ctx, call, q);
      else if (PICKLES.test(q) && handlesRequestData(ctx, call)) {
        ctx.report(meta, {
          node: call.node,
          message:
            `\`${ctx.model.file.text(call.callee)}\` on data a client can supply runs arbitrary code during unpickling. ` +
            'Use JSON (validated by a Pydantic model), or sign the blob with an HMAC and verify it before loading.',
        });
      }
    }
  },
};

function checkYaml(ctx: FileContext, call: CallInfo, q: string): void {
  const file = ctx.model.file;
  const loader = kwarg(call.node, 'Loader', file) ?? positional(call.node, 1);
  const unsafe = q.includes('unsafe') || !loader || UNSAFE_LOADERS.test(file.text(loader));
  if (!unsafe) return;
  const yaml = moduleAlias(ctx.model, 'yaml');
  const stream = positional(call.node, 0);
  const single = !kwargNode(call.node, 'Loader', file) || positional(call.node, 1) === null;
  const suggestion = yaml && stream && single && !q.endsWith('_all') ? replaceNode(file, call.node, `${yaml}.safe_load(${file.text(stream)})`) : undefined;
  ctx.report(meta, {
    node: call.node,
    message:
      '`yaml.load` with an unsafe Loader can instantiate arbitrary Python objects from the document (code execution ' +
      'for whoever controls it). Use `yaml.safe_load(...)`.',
    suggestion,
  });
}

/** Unpickling something a client sent: a route parameter, the request body, an upload. */
function handlesRequestData(ctx: FileContext, call: CallInfo): boolean {
  const fn = call.fn;
  const arg = positional(call.node, 0);
  if (!fn || !arg) return false;
  const text = ctx.model.file.text(arg);
  if (/\brequest\.(body|json|form|stream)\b|\.read\(\)/.test(text)) return true;
  if (!ctx.an.route(fn)) return /\b(request|payload|body|upload)\b/i.test(text);
  // Route parameters (not injected dependencies) are client data.
  const clientParams = fn.params.filter((p) => !dependencyTarget(ctx.an.project, fn.scope.parent ?? fn.module.scope, p)).map((p) => p.name);
  return clientParams.some((name) => new RegExp(`\\b${name}\\b`).test(text));
}

