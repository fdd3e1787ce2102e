import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, unparen } from '../../syntax/py-node.js';
import { isStringLiteral, kwargNode, positional } from '../../model/call-args.js';
import type { PythonRule } from '../support/rule-api.js';
import { findUnsafeBuild } from '../support/built-strings.js';
import { TrustJudge } from '../support/untrusted.js';
import { outsideText } from '../support/outside-text.js';
import { isOneOffCode } from '../support/one-off.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('command-injection');

const SHELL_FUNCS = /^(os\.system|os\.popen|asyncio\.create_subprocess_shell|subprocess\.getoutput|subprocess\.getstatusoutput)$/;
const SUBPROCESS = /^subprocess\.(run|call|check_call|check_output|Popen)$/;

const SHELL_NAMES = new Set(['system', 'popen', 'create_subprocess_shell', 'getoutput', 'getstatusoutput', 'run', 'call', 'check_call', 'check_output', 'Popen']);

export const rule: PythonRule = {
  meta,
  check(ctx) {
    const judge = new TrustJudge(ctx.an);
    // A command the program composes from its own values, or its operator's, runs what they chose (see outsideText).
    const { pieces, input } = outsideText(ctx.an);
    const file = ctx.model.file;
    for (const call of ctx.model.calls) {
      // A script or CLI runs with its operator's own arguments: no one else controls them.
      if (!SHELL_NAMES.has(call.name) || !ctx.touches(call.node) || isOneOffCode(call.fn, ctx.model)) continue;
      const q = ctx.an.qualifiedCallee(call);
      if (!q) continue;
      const shellKw = kwargNode(call.node, 'shell', file);
      const viaShell = SHELL_FUNCS.test(q) || (SUBPROCESS.test(q) && !!shellKw && file.text(fieldOf(shellKw, 'value')!) === 'True');
      if (!viaShell) continue;
      const cmd = positional(call.node, 0) ?? kwargNode(call.node, 'args', file);
      if (!cmd || isStringLiteral(unparen(cmd))) continue;
      const built = findUnsafeBuild(pieces, cmd, call.scope);
      const untrusted = built ? built.culprit : judge.isTrusted(cmd, call.scope) ? null : cmd;
      const source = untrusted ? input.valueIn(untrusted, built?.scope ?? call.scope)?.source : null;
      if (!untrusted || !source) continue;
      ctx.report(meta, {
        node: call.node,
        message:
          `The shell command includes \`${file.text(untrusted)}\`, which carries ${source}: shell metacharacters in it ` +
          '(`;`, `$(...)`, backticks) run arbitrary commands. Pass an argument list without `shell=True`, or `shlex.quote()` each value.',
      });
    }
  },
};
