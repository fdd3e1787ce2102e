import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import { kwarg, methodName, positional, receiver, stringValue } from '../../model/call-args.js';
import type { CallInfo, FunctionInfo, Scope } from '../../model/types.js';
import type { Analysis } from '../../knowledge/analysis.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { RequestInput } from '../support/request-input.js';
import { lastAssigned } from '../support/locals.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('path-traversal');

/** Functions that open, change or serve the file a path names; the argument positions that are paths. */
const PATH_FUNCTIONS: [RegExp, number[], string][] = [
  [/^(builtins|io|codecs|os|aiofiles|aiofiles\.threadpool)\.open$/, [0], 'opened'],
  [/^(os|aiofiles\.os)\.(remove|unlink|rmdir|removedirs)$|^shutil\.rmtree$/, [0], 'deleted'],
  [/^(os|aiofiles\.os)\.(rename|renames|replace)$|^shutil\.move$/, [0, 1], 'moved'],
  [/^shutil\.(copy|copy2|copyfile|copytree)$/, [0, 1], 'copied'],
  [/^(fastapi\.responses|starlette\.responses|fastapi)\.FileResponse$/, [0], 'served'],
];
const PATH_METHODS: Record<string, string> = {
  open: 'opened', read_text: 'read', read_bytes: 'read', write_text: 'written', write_bytes: 'written', unlink: 'deleted',
  rmdir: 'deleted', rename: 'moved', replace: 'moved', touch: 'created', symlink_to: 'linked', hardlink_to: 'linked',
};
const SINK_NAMES = new Set(['open', 'remove', 'unlink', 'rmdir', 'removedirs', 'rmtree', 'rename', 'renames', 'replace', 'move', 'copy', 'copy2', 'copyfile', 'copytree', 'FileResponse', ...Object.keys(PATH_METHODS)]);

/** Calls that keep only a safe last component or replace the name (secure_filename, basename, uuid4...). */
const SAFE_NAME = /(^|\.)(secure_filename|basename|sanitize\w*|safe_filename|clean_filename|slugify|uuid[1345]?|token_hex|token_urlsafe|hexdigest|safe_join)$/;
/** A containment check somewhere on the way: `is_relative_to`, `commonpath`, a `..` test, a realpath prefix check. */
const CONTAINED = new RegExp([
  /\.is_relative_to\(|\.relative_to\(|commonpath\(|commonprefix\(|\bsafe_join\(|\bsecure_filename\(|\bbasename\(/.source,
  /\.resolve\(\)[^\n]*\.(startswith|parents)\b|(realpath|abspath)\([^\n]*\)\.startswith\(|\bin\s+[\w.()]+\.parents\b/.source,
  // `if dest.absolute().parent != base_dir: raise`, `".." in name`
  /\.parent\s*(!=|==)|(!=|==)\s*[\w.()]+\.parent\b|["']\.\.["']\s+(not\s+)?in\b/.source,
].join('|'));

export const rule: PythonRule = {
  meta,
  check(ctx) {
    const input = new RequestInput(ctx.an, (node, scope) => keepsNameSafe(ctx.an, node, scope));
    for (const call of ctx.model.calls) {
      if (!SINK_NAMES.has(call.name) || !ctx.touches(call.node)) continue;
      const sink = sinkOf(ctx, call);
      if (!sink) continue;
      for (const path of sink.paths) {
        const value = input.valueIn(path, call.scope);
        // A plain path parameter is one URL segment: it cannot carry `/`, and `..` alone names a directory.
        if (!value || value.segment || checked([call.fn, ...value.via])) continue;
        const file = ctx.model.file;
        const where = file.text(path) === file.text(value.node)
          ? `a path taken straight from \`${short(file.text(value.node))}\``
          : `\`${short(file.text(path))}\`, a path built from \`${short(file.text(value.node))}\``;
        ctx.report(meta, {
          node: call.node,
          message:
            `This file is ${sink.verb} at ${where} (${value.source}), with no check that it ` +
            'stays inside the intended directory: `../` segments or an absolute path reach any file the service can. Generate the ' +
            'name on the server (`uuid4().hex` + an allow-listed extension) or keep only `Path(name).name`, and check ' +
            '`path.resolve().is_relative_to(BASE.resolve())` before using it.',
        });
        break;
      }
    }
  },
};

/** The path arguments of a file operation, and what it does with them. */
function sinkOf(ctx: FileContext, call: CallInfo): { paths: PyNode[]; verb: string } | null {
  const file = ctx.model.file;
  const q = ctx.an.qualifiedCallee(call);
  if (q) {
    for (const [re, positions, verb] of PATH_FUNCTIONS) {
      if (!re.test(q)) continue;
      const paths = positions.map((i) => positional(call.node, i)).filter((n): n is PyNode => !!n);
      const named = kwarg(call.node, 'path', file) ?? kwarg(call.node, 'file', file);
      if (named) paths.push(named);
      return { paths, verb: verb === 'opened' ? openVerb(call, file) : verb };
    }
  }
  const method = methodName(call.node, file);
  const recv = receiver(call.node);
  if (!method || !recv || !PATH_METHODS[method] || !isPathLike(ctx.an, recv, call.scope)) return null;
  const paths = [recv];
  const target = method === 'rename' || method === 'replace' ? positional(call.node, 0) : null;
  if (target) paths.push(target);
  return { paths, verb: method === 'open' ? openVerb(call, file, 0) : PATH_METHODS[method] };
}

/** `open(p, "wb")` writes, `open(p)` reads. */
function openVerb(call: CallInfo, file: FileContext['model']['file'], modeAt = 1): string {
  const mode = positional(call.node, modeAt) ?? kwarg(call.node, 'mode', file);
  const text = mode ? stringValue(unparen(mode), file) ?? '' : 'r';
  return /[wax+]/.test(text) ? 'written' : 'read';
}

/** A pathlib value: inferred as one, built with `/` or `joinpath`, or a local assigned one of those. */
function isPathLike(an: Analysis, expr: PyNode, scope: Scope, depth = 0): boolean {
  const n = unparen(expr);
  const v = an.infer.valueOf(n, scope);
  if (v?.t === 'inst' && v.kind === 'path') return true;
  if (n.type === 'binary_operator' && n.tokens?.[0] === '/') return true;
  if (n.type === 'call') {
    const m = methodName(n, scope.module.file);
    if (m === 'joinpath' || m === 'with_name' || m === 'with_suffix' || m === 'resolve') return true;
    return /(^|\.)(Path|PurePath|PosixPath)$/.test(scope.module.file.text(fieldOf(n, 'function') ?? n));
  }
  if (n.type === 'identifier' && depth < 3) {
    const value = lastAssigned(n, scope);
    return !!value && isPathLike(an, value, scope, depth + 1);
  }
  return false;
}

/** `secure_filename(x)`, `os.path.basename(x)`, `uuid4()`, `Path(x).name`, `x.replace("..", "")`: no directory survives. */
function keepsNameSafe(an: Analysis, node: PyNode, scope: Scope): boolean {
  const file = scope.module.file;
  if (node.type === 'attribute') {
    const attr = fieldOf(node, 'attribute');
    const obj = fieldOf(node, 'object');
    return !!attr && !!obj && /^(name|stem|suffix)$/.test(file.text(attr)) && isPathLike(an, obj, scope);
  }
  const callee = fieldOf(node, 'function');
  if (!callee) return false;
  const q = an.qualifiedOf(callee, scope) ?? file.text(callee);
  if (SAFE_NAME.test(q) || SAFE_NAME.test(file.text(callee))) return true;
  if (methodName(node, file) === 'replace') {
    const first = positional(node, 0);
    const text = first ? stringValue(unparen(first), file) : null;
    // Without dots no `..` segment can be formed; without slashes no directory.
    return text === '.' || text === '..' || text === '/' || text === '../';
  }
  return false;
}

/** Some function on the value's way checks containment (or reduces names) before the file is touched. */
function checked(fns: (FunctionInfo | null)[]): boolean {
  return fns.some((fn) => !!fn?.body && CONTAINED.test(fn.module.file.text(fn.body)));
}

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 50 ? `${one.slice(0, 47)}...` : one;
}
