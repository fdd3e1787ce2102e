import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import { boundArgument, positional, receiver, stringValue } from '../../model/call-args.js';
import type { Analysis } from '../../knowledge/analysis.js';
import { lookupName } from '../../model/scope.js';
import type { FunctionInfo, Scope } from '../../model/types.js';

/*
 * Checks that let only identifier text through (a table, a column, a sort key): a value that passed one
 * can be formatted into SQL or a command line. A check counts when failing it leaves (`raise`, `return`,
 * `continue`) or when the use sits inside the branch that passed it.
 */

/** Names of checks that accept only safe text (`valid_sql_name`, `is_safe_identifier`, `validate_column`), not a lookup (`check_exists`). */
const VALIDATOR = /(^|_)(valid|validate|is_valid|is_safe|safe|allowed|is_allowed|is_identifier|sanitized?)(_|$)/i;
/** String predicates true only for letters, digits and `_`. */
const WORD_METHODS = new Set(['isidentifier', 'isalnum', 'isalpha', 'isdigit', 'isdecimal', 'isnumeric']);
const REGEX_TESTS = new Set(['fullmatch', 'match', 'search']);
/** Expression nodes a test is built of, climbing from the read to the statement that holds the test. */
const TEST_PARTS = new Set(['call', 'argument_list', 'keyword_argument', 'not_operator', 'boolean_operator', 'comparison_operator', 'parenthesized_expression', 'attribute', 'await']);
const LEAVES = /^\s*(raise|return|continue)\b/;
const MAX_DEPTH = 4;

/**
 * True when the read `r` of a name (in `fn`, before `use`) is checked so that only identifier text
 * reaches `use`: `if not valid_name(x): raise`, `if not re.fullmatch(r"[a-z_]+", x): return`,
 * `assert x.isidentifier()`, `if IDENT.fullmatch(x): <use>`, or a guard statement `ensure_identifier(x)`
 * whose body raises unless x matches. A project helper counts by what its body checks, whatever its name.
 */
export function guardsRead(r: PyNode, use: PyNode, fn: FunctionInfo, an?: Analysis): boolean {
  const scope = fn.scope;
  const name = scope.module.file.text(r);
  let top = r;
  while (top.parent && TEST_PARTS.has(top.parent.type)) top = top.parent;
  const stmt = top.parent;
  if (!stmt) return false;
  const g: Guarding = { name, scope, an, depth: 0 };
  if ((stmt.type === 'if_statement' || stmt.type === 'elif_clause') && fieldOf(stmt, 'condition') === top) {
    const body = fieldOf(stmt, 'consequence');
    if (!body) return false;
    if (rejects(top, g) && LEAVES.test(scope.module.file.text(body))) return true;
    return accepts(top, g) && use.start >= body.start && use.end <= body.end;
  }
  if (stmt.type === 'assert_statement') return stmt.children[0] === top && accepts(top, g);
  if (stmt.type === 'expression_statement') {
    const call = unparen(top.type === 'await' ? top.children[0] ?? top : top);
    return call.type === 'call' && isGuardCall(call, r, g);
  }
  return false;
}

/**
 * True when the read `r` is the list a loop checks item by item before the use, leaving on a bad one:
 * `for col in columns: if not valid_name(col): raise ...`. Every item of the list is then a name (a
 * loop that only skips a bad item, `continue`, leaves it in the list).
 */
export function guardsItems(r: PyNode, fn: FunctionInfo, an?: Analysis): boolean {
  const loop = r.parent;
  if (!loop || loop.type !== 'for_statement' || fieldOf(loop, 'right') !== r) return false;
  const target = fieldOf(loop, 'left');
  if (!target || target.type !== 'identifier') return false;
  const g: Guarding = { name: fn.module.file.text(target), scope: fn.scope, an, depth: 0 };
  const file = fn.module.file;
  return (fieldOf(loop, 'body')?.children ?? []).some((stmt) => {
    if (stmt.type === 'assert_statement') return !!stmt.children[0] && accepts(stmt.children[0], g);
    if (stmt.type === 'if_statement') {
      const cond = fieldOf(stmt, 'condition');
      const body = fieldOf(stmt, 'consequence');
      return !!cond && !!body && rejects(cond, g) && /^\s*(raise|return)\b/.test(file.text(body));
    }
    const call = stmt.type === 'expression_statement' && stmt.children[0] ? unparen(stmt.children[0]) : null;
    const arg = call?.type === 'call' ? (fieldOf(call, 'arguments')?.children ?? []).find((a) => isName(a, g)) : undefined;
    return !!call && !!arg && isGuardCall(call, arg, g);
  });
}

interface Guarding {
  /** The variable the test is about. */
  name: string;
  scope: Scope;
  an?: Analysis;
  depth: number;
}

/** True when `expr` is truthy only if the variable holds identifier text. */
function accepts(expr: PyNode, g: Guarding): boolean {
  const n = unparen(expr);
  const file = g.scope.module.file;
  switch (n.type) {
    case 'boolean_operator': {
      const left = fieldOf(n, 'left');
      const right = fieldOf(n, 'right');
      if (!left || !right) return false;
      return n.tokens?.includes('and') ? accepts(left, g) || accepts(right, g) : accepts(left, g) && accepts(right, g);
    }
    case 'comparison_operator': {
      const [left, right] = n.children;
      if (n.children.length !== 2 || !n.tokens) return false;
      // `re.fullmatch(...) is not None`
      if (right.type === 'none' && (n.tokens.includes('is not') || (n.tokens.includes('is') && n.tokens.includes('not')))) return accepts(left, g);
      // `x in ALLOWED`
      return n.tokens.length === 1 && n.tokens[0] === 'in' && isName(left, g) && isConstantCollection(right, file);
    }
    case 'call':
      return isIdentifierCheck(n, g);
    default:
      return false;
  }
}

/** True when `expr` is truthy whenever the variable does not hold identifier text (`not valid(x)`, `x not in ALLOWED`). */
function rejects(expr: PyNode, g: Guarding): boolean {
  const n = unparen(expr);
  const file = g.scope.module.file;
  switch (n.type) {
    case 'not_operator':
      return !!n.children[0] && accepts(n.children[0], g);
    case 'comparison_operator': {
      const [left, right] = n.children;
      if (n.children.length !== 2 || !n.tokens) return false;
      if (right.type === 'none' && n.tokens.length === 1 && n.tokens[0] === 'is') return accepts(left, g);
      return n.tokens.length === 1 && n.tokens[0] === 'not in' && isName(left, g) && isConstantCollection(right, file);
    }
    case 'boolean_operator': {
      const left = fieldOf(n, 'left');
      const right = fieldOf(n, 'right');
      if (!left || !right) return false;
      if (n.tokens?.includes('or')) return rejects(left, g) || rejects(right, g);
      // `x and not valid(x)`: an empty or missing value is let through, and it formats as nothing.
      return (rejects(left, g) && (rejects(right, g) || isPresence(right, g))) || (rejects(right, g) && isPresence(left, g));
    }
    default:
      return false;
  }
}

/** `x`, `x is not None`: the value is present. */
function isPresence(expr: PyNode, g: Guarding): boolean {
  const n = unparen(expr);
  if (isName(n, g)) return true;
  return n.type === 'comparison_operator' && n.children.length === 2 && isName(n.children[0], g) && n.children[1].type === 'none' && !!n.tokens && !n.tokens.every((t) => t === 'is');
}

/**
 * A call truthy only for identifier text in the variable: `x.isidentifier()`, `re.fullmatch(r"\w+", x)`,
 * `IDENT.match(x)` (a compiled pattern), `bool(...)` of one, a check named as a validator, or a project
 * helper whose returns are such tests of its parameter (or which raises unless the parameter passes one).
 */
function isIdentifierCheck(call: PyNode, g: Guarding): boolean {
  const file = g.scope.module.file;
  const callee = fieldOf(call, 'function');
  if (!callee) return false;
  const name = lastName(callee, file);
  const recv = receiver(call);
  const first = positional(call, 0);
  if (name === 'bool' && !recv) return !!first && accepts(first, g);
  if (WORD_METHODS.has(name)) return !!recv && isWordOf(recv, g);
  if (REGEX_TESTS.has(name)) {
    const mode = name as RegexMode;
    // `re.fullmatch(pattern, x)`, or `IDENT.fullmatch(x)` with `IDENT = re.compile(pattern)`.
    if (!recv || file.text(recv) === 're') {
      const subject = positional(call, 1);
      return !!first && !!subject && isName(subject, g) && isIdentifierPattern(patternText(first, g.scope), mode);
    }
    const compiled = compiledPattern(recv, g.scope);
    return compiled !== null && !!first && isName(first, g) && isIdentifierPattern(compiled, mode);
  }
  const args = (fieldOf(call, 'arguments')?.children ?? []).map((a) => (a.type === 'keyword_argument' ? fieldOf(a, 'value') : a));
  const arg = args.find((a) => !!a && isName(a, g));
  if (!arg) return false;
  if (VALIDATOR.test(name)) return true;
  const helper = checkingHelper(callee, arg, call, g);
  if (!helper) return false;
  const inner: Guarding = { name: helper.param, scope: helper.fn.scope, an: g.an, depth: g.depth + 1 };
  const returns = helper.fn.returns.filter((r) => !isFalsyLiteral(r));
  return (returns.length > 0 && returns.every((r) => accepts(r, inner))) || raisesUnless(helper.fn, inner);
}

/** `ensure_identifier(x)` as a statement: a project helper that raises unless its parameter passes a check. */
function isGuardCall(call: PyNode, r: PyNode, g: Guarding): boolean {
  const callee = fieldOf(call, 'function');
  const helper = callee ? checkingHelper(callee, r, call, g) : null;
  return !!helper && raisesUnless(helper.fn, { name: helper.param, scope: helper.fn.scope, an: g.an, depth: g.depth + 1 });
}

/** The project function a call runs and the parameter `arg` fills, within the depth bound. */
function checkingHelper(callee: PyNode, arg: PyNode, call: PyNode, g: Guarding): { fn: FunctionInfo; param: string } | null {
  if (!g.an || g.depth >= MAX_DEPTH) return null;
  const fn = g.an.calledFunctionAt(callee, g.scope);
  if (!fn || fn === g.scope.fn) return null;
  const file = g.scope.module.file;
  const p = fn.params.find((x) => !x.star && boundArgument(call, fn, x.name, file) === arg);
  return p ? { fn, param: p.name } : null;
}

/** The helper's body raises when the parameter fails a check: `if not re.fullmatch(...): raise`, `assert x.isidentifier()`. */
function raisesUnless(fn: FunctionInfo, g: Guarding): boolean {
  const file = fn.module.file;
  for (const stmt of fn.body?.children ?? []) {
    if (stmt.type === 'assert_statement' && stmt.children[0] && accepts(stmt.children[0], g)) return true;
    if (stmt.type !== 'if_statement') continue;
    const cond = fieldOf(stmt, 'condition');
    const body = fieldOf(stmt, 'consequence');
    if (cond && body && rejects(cond, g) && /^\s*raise\b/.test(file.text(body))) return true;
  }
  return false;
}

/**
 * The variable, or a spelling of it that keeps every other character: `x.lower()`, `x.replace("_", "")`
 * (a predicate on `x.replace(" ", "")` says nothing about the spaces it removed).
 */
function isWordOf(node: PyNode, g: Guarding): boolean {
  const n = unparen(node);
  if (isName(n, g)) return true;
  if (n.type !== 'call') return false;
  const file = g.scope.module.file;
  const callee = fieldOf(n, 'function');
  const recv = receiver(n);
  if (!callee || !recv) return false;
  const method = lastName(callee, file);
  const args = fieldOf(n, 'arguments')?.children ?? [];
  if (CASE_METHODS.has(method)) return args.length === 0 && isWordOf(recv, g);
  if (method !== 'replace' || args.length !== 2) return false;
  const [from, to] = args.map((a) => stringValue(unparen(a), file));
  return (from === '_' || from === '.') && to === '' && isWordOf(recv, g);
}

const CASE_METHODS = new Set(['lower', 'upper', 'casefold']);

function isName(node: PyNode, g: Guarding): boolean {
  const n = unparen(node);
  return n.type === 'identifier' && g.scope.module.file.text(n) === g.name;
}

function isFalsyLiteral(node: PyNode): boolean {
  const n = unparen(node);
  return n.type === 'false' || n.type === 'none';
}

/** `ALLOWED`, `{"a", "b"}`, `("a", "b")`: a constant collection. */
function isConstantCollection(node: PyNode, file: Scope['module']['file']): boolean {
  return /^[A-Z_][A-Z0-9_]*$|^\{|^\[|^\(/.test(file.text(node));
}

function lastName(callee: PyNode, file: Scope['module']['file']): string {
  const c = unparen(callee);
  return file.text(c.type === 'attribute' ? fieldOf(c, 'attribute')! : c);
}

/** The regular expression a literal (or a name bound to one) spells, with a non-raw string's `\\` read as `\`. */
function patternText(node: PyNode, scope: Scope): string | null {
  const file = scope.module.file;
  let n = unparen(node);
  if (n.type === 'identifier') {
    const bs = lookupName(scope, file.text(n));
    const value = bs?.length === 1 && bs[0].kind === 'assign' ? bs[0].value : null;
    if (!value) return null;
    return patternText(value, bs![0].scope);
  }
  n = unparen(n);
  const value = stringValue(n, file);
  if (value === null) return null;
  return /^[a-zA-Z]*[rR]/.test(file.text(n)) ? value : value.replace(/\\\\/g, '\\');
}

/** `IDENT` bound once to `re.compile(pattern, ...)`: the pattern. */
function compiledPattern(recv: PyNode, scope: Scope): string | null {
  const file = scope.module.file;
  const r = unparen(recv);
  if (r.type !== 'identifier') return null;
  const bs = lookupName(scope, file.text(r));
  const value = bs?.length === 1 && bs[0].kind === 'assign' && bs[0].value ? unparen(bs[0].value) : null;
  if (!value || value.type !== 'call' || !/(^|\.)compile$/.test(file.text(fieldOf(value, 'function')!))) return null;
  const pattern = positional(value, 0);
  return pattern ? patternText(pattern, bs![0].scope) : null;
}

type RegexMode = 'fullmatch' | 'match' | 'search';

/**
 * True when a regular expression only accepts identifier text for the way it is applied: letters, digits,
 * `_` and `.` (a schema-qualified name), through classes, groups, alternatives and quantifiers; anchored
 * at both ends (`fullmatch`, or `^...$`; `match` anchors the start). `.`, `\S`, negated classes, spaces,
 * quotes or `-` (a `--` comment) let other text through.
 */
export function isIdentifierPattern(pattern: string | null, mode: RegexMode): boolean {
  if (pattern === null || !pattern.length) return false;
  let body = pattern;
  let start = mode !== 'search';
  let end = mode === 'fullmatch';
  const lead = /^(\^|\\A)/.exec(body);
  if (lead) {
    start = true;
    body = body.slice(lead[0].length);
  }
  const trail = /(\$|\\Z|\\z)$/.exec(body);
  if (trail && !/\\\$$/.test(body)) {
    end = true;
    body = body.slice(0, body.length - trail[0].length);
  }
  if (!start || !end || !body.length) return false;
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      if (!/[wd._]/.test(body[i + 1] ?? '')) return false;
      i++;
    } else if (c === '[') {
      const close = classEnd(body, i);
      if (close < 0 || !isWordClass(body.slice(i + 1, close))) return false;
      i = close;
    } else if (c === '(') {
      depth++;
      const group = /^\((\?:|\?P<\w+>|\?[aiLmsu]+\))?/.exec(body.slice(i))![0];
      if (body[i + 1] === '?' && group.length === 1) return false;
      i += group.length - 1;
    } else if (c === ')') {
      if (--depth < 0) return false;
    } else if (c === '|') {
      // An alternative outside every group is anchored only by fullmatch.
      if (depth === 0 && mode !== 'fullmatch') return false;
    } else if (c === '{') {
      const q = /^\{\d*(,\d*)?\}/.exec(body.slice(i));
      if (!q) return false;
      i += q[0].length - 1;
    } else if (!/[A-Za-z0-9_*+?]/.test(c)) return false;
  }
  return depth === 0;
}

/** The index of the `]` closing the class opened at `open`, or -1. */
function classEnd(body: string, open: number): number {
  for (let i = open + 1; i < body.length; i++) {
    if (body[i] === '\\') i++;
    else if (body[i] === ']' && i > open + 1) return i;
  }
  return -1;
}

/** A class of word characters only: `a-z`, `A-Z`, `0-9`, `_`, `.`, `\w`, `\d`. */
function isWordClass(inner: string): boolean {
  if (!inner.length || inner[0] === '^') return false;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '\\') {
      if (!/[wd._]/.test(inner[i + 1] ?? '')) return false;
      i++;
    } else if (inner[i + 1] === '-' && i + 2 < inner.length) {
      const to = inner[i + 2];
      if (!(/[a-z]/.test(c) && /[a-z]/.test(to)) && !(/[A-Z]/.test(c) && /[A-Z]/.test(to)) && !(/[0-9]/.test(c) && /[0-9]/.test(to))) return false;
      i += 2;
    } else if (!/[A-Za-z0-9_.]/.test(c)) return false;
  }
  return true;
}
