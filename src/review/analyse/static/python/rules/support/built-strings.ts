import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import { isStringLiteral, kwarg, methodName, positional, receiver } from '../../model/call-args.js';
import type { Scope } from '../../model/types.js';
import { isPrior, lookupName } from '../../model/scope.js';

/** Where untrusted text enters a string being built, and what that text is. */
export interface UnsafeBuild {
  /** The formatting expression (f-string, `+`, `%`, `.format`) to report. */
  node: PyNode;
  /** The untrusted expression interpolated into it. */
  culprit: PyNode;
  scope: Scope;
}

const MAX_DEPTH = 5;

/** Decides which interpolated pieces are safe: the trust rules (`TrustJudge`), or a sink's narrower view of them. */
export interface PieceJudge {
  isTrusted(node: PyNode, scope: Scope): boolean;
}

/**
 * Follows how a string was built (f-strings, `+`, `%`, `.format`, `.join`, and local variables
 * assigned or appended to earlier in the same function) and returns the innermost place where an
 * untrusted value is formatted into it, or null when every piece is trusted.
 */
export function findUnsafeBuild(judge: PieceJudge, expr: PyNode, scope: Scope, depth = 0): UnsafeBuild | null {
  if (depth > MAX_DEPTH) return null;
  const n = unparen(expr);
  const file = scope.module.file;
  switch (n.type) {
    case 'string':
      for (const part of n.children) {
        if (part.type !== 'interpolation' || !part.children[0]) continue;
        const found = checkPiece(judge, part.children[0], n, scope, depth);
        if (found) return found;
      }
      return null;
    case 'concatenated_string':
      for (const part of n.children) {
        const found = findUnsafeBuild(judge, part, scope, depth + 1);
        if (found) return found;
      }
      return null;
    case 'binary_operator': {
      const op = n.tokens?.[0];
      if (op === '+') {
        for (const operand of flattenPlus(n)) {
          const found = isStringLiteral(operand) ? null : checkPiece(judge, operand, n, scope, depth);
          if (found) return found;
        }
        return null;
      }
      const left = fieldOf(n, 'left');
      const right = fieldOf(n, 'right');
      if (op === '%' && left && right && isStringLiteral(unparen(left))) return judge.isTrusted(right, scope) ? null : { node: n, culprit: right, scope };
      return null;
    }
    case 'call': {
      const method = methodName(n, file);
      const args = fieldOf(n, 'arguments');
      if (method === 'format' && args) {
        const recv = receiver(n);
        // `cur.format(query="... %(id)s", parameters={...})`: a database client binding values into its query, not
        // `str.format`. Only the query text it is given can carry built SQL.
        if (recv && isResource(recv, scope)) {
          const query = positional(n, 0) ?? kwarg(n, 'query', file) ?? kwarg(n, 'sql', file) ?? kwarg(n, 'operation', file);
          return query ? findUnsafeBuild(judge, query, scope, depth + 1) : null;
        }
        for (const a of args.children) {
          const v = fieldOf(a, 'value') ?? a;
          if (!judge.isTrusted(v, scope)) return { node: n, culprit: v, scope };
        }
        return recv ? findUnsafeBuild(judge, recv, scope, depth + 1) : null;
      }
      // ", ".join(parts): a string join. `stmt.join(Model, ...)` (a query builder's JOIN) is not text.
      if (method === 'join' && args && isStringReceiver(receiver(n), scope)) {
        // `", ".join(f"${i}" for i in range(n))`: the argument list is the generator itself.
        const items = args.type === 'generator_expression' ? [args] : args.children;
        for (const a of items) if (!judge.isTrusted(a, scope)) return { node: n, culprit: a, scope };
        return null;
      }
      // text(...) / sql wrappers: look at what they wrap.
      const first = positional(n, 0);
      return first && /(^|\.)text$/.test(file.text(fieldOf(n, 'function')!)) ? findUnsafeBuild(judge, first, scope, depth + 1) : null;
    }
    case 'conditional_expression':
      return findUnsafeBuild(judge, n.children[0], scope, depth + 1) ?? (n.children[2] ? findUnsafeBuild(judge, n.children[2], scope, depth + 1) : null);
    case 'identifier':
      return throughName(judge, n, scope, depth);
    default:
      return null;
  }
}

/** One interpolated piece: a variable holding a built fragment is followed; else it must be trusted. */
function checkPiece(judge: PieceJudge, piece: PyNode, owner: PyNode, scope: Scope, depth: number): UnsafeBuild | null {
  const p = unparen(piece);
  if (p.type === 'identifier') {
    const deeper = throughName(judge, p, scope, depth);
    if (deeper) return deeper;
  } else if (p.type === 'string' || p.type === 'binary_operator' || p.type === 'conditional_expression') {
    const deeper = findUnsafeBuild(judge, p, scope, depth + 1);
    if (deeper) return deeper;
    if (p.type !== 'conditional_expression') return null;
  }
  return judge.isTrusted(p, scope) ? null : { node: owner, culprit: p, scope };
}

/** Assignments, `+=` and `.append(...)` to a local name before its use. */
function throughName(judge: PieceJudge, id: PyNode, scope: Scope, depth: number): UnsafeBuild | null {
  const name = scope.module.file.text(id);
  const bindings = scope.bindings.get(name) ?? [];
  for (const b of bindings) {
    if (!isPrior(b, id) || !b.value || (b.kind !== 'assign' && b.kind !== 'augassign') || (b.index ?? -1) >= 0) continue;
    const found = findUnsafeBuild(judge, b.value, scope, depth + 1);
    if (found) return found;
  }
  const fn = scope.fn;
  if (!fn) return null;
  for (const call of fn.calls) {
    if (call.node.start >= id.start || methodName(call.node, scope.module.file) !== 'append') continue;
    const recv = receiver(call.node);
    if (!recv || recv.type !== 'identifier' || scope.module.file.text(recv) !== name) continue;
    const item = positional(call.node, 0);
    const found = item ? findUnsafeBuild(judge, item, scope, depth + 1) : null;
    if (found) return found;
  }
  return null;
}

/** The operands of `a + b + c` in source order (iteratively: generated code can chain thousands). */
function flattenPlus(n: PyNode): PyNode[] {
  const out: PyNode[] = [];
  const stack: PyNode[] = [n];
  while (stack.length) {
    const u = unparen(stack.pop()!);
    if (u.type === 'binary_operator' && u.tokens?.[0] === '+') {
      for (let i = u.children.length - 1; i >= 0; i--) stack.push(u.children[i]);
    } else out.push(u);
  }
  return out;
}

/**
 * An object that is not text: a name bound by `with Client() as cur` (what a context manager yields is a connection,
 * a cursor, a file) or assigned an instance (`client = ClickHouseClient(...)`, a capitalised callee), or such an
 * instance itself (`sql.SQL("...")`, whose `.format` composes quoted SQL).
 */
function isResource(recv: PyNode, scope: Scope): boolean {
  const r = unparen(recv);
  const file = scope.module.file;
  const instance = (v: PyNode) => {
    const x = unparen(v);
    const callee = x.type === 'call' ? fieldOf(x, 'function') : null;
    return !!callee && /(^|\.)_?[A-Z]\w*[a-z]\w*$/.test(file.text(callee));
  };
  if (r.type === 'call') return instance(r);
  if (r.type !== 'identifier') return false;
  const bindings = lookupName(scope, file.text(r)) ?? [];
  return bindings.length > 0 && bindings.every((b) => b.kind === 'with' || (b.kind === 'assign' && !!b.value && (b.index ?? -1) < 0 && instance(b.value)));
}

/** A string separator: a literal, or a local / constant name assigned one. */
function isStringReceiver(recv: PyNode | null, scope: Scope): boolean {
  const r = recv ? unparen(recv) : null;
  if (!r) return false;
  if (r.type === 'string' || r.type === 'concatenated_string') return true;
  if (r.type !== 'identifier') return false;
  const bindings = lookupName(scope, scope.module.file.text(r)) ?? [];
  return bindings.length > 0 && bindings.every((b) => b.kind === 'assign' && !!b.value && unparen(b.value).type === 'string');
}
