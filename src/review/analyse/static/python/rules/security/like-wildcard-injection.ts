import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import { kwarg, methodName, positional, receiver, stringValue } from '../../model/call-args.js';
import { ormModelOf } from '../../knowledge/orm.js';
import { resolveExpr } from '../../model/resolve.js';
import { isPrior } from '../../model/scope.js';
import type { CallInfo, FunctionInfo, Scope } from '../../model/types.js';
import { isPrivilegedRoute } from '../../knowledge/route-auth.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { RequestInput, type RequestValue } from '../support/request-input.js';
import { likeParameters } from '../support/like-sql.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('like-wildcard-injection');

const LIKE_METHODS = new Set(['like', 'ilike', 'not_like', 'notlike', 'not_ilike', 'notilike']);
const CONTAINS_METHODS = new Set(['contains', 'icontains', 'startswith', 'istartswith', 'endswith', 'iendswith']);
/**
 * Helpers that escape LIKE wildcards, by name (`escape_like`, `_escape_like_pattern`, `escape_search`,
 * `sanitize_like`); `re.escape` and `html.escape` leave `%` and `_` alone.
 */
const ESCAPER = /escape_?(like|wildcards?|pattern|search|sql|percent)|(like|wildcards?|pattern|search)_?escape|sanitize_?(like|search|pattern)|like_?safe|quote_like/i;

export const rule: PythonRule = {
  meta,
  check(ctx) {
    const input = new RequestInput(ctx.an, (node, scope) => escapesWildcards(node, scope));
    // One finding per function and request value: escaping it once fixes every pattern it reaches.
    const groups = new Map<string, { emit: (more: string) => void; line: number; lines: number[] }>();
    for (const call of ctx.model.calls) {
      const contains = containsOperand(ctx, call);
      for (const pattern of contains ? [contains] : patternsOf(ctx, call)) {
        if (!ctx.touches(pattern)) continue;
        const value = input.valueIn(pattern, call.scope);
        // An operator's search in the back office is not an attack surface.
        if (!value || [call.fn, ...value.via].some((fn) => isOperatorRoute(ctx, fn))) continue;
        // A search (`%q%`, `.contains(q)`) whose term may be anything: a wildcard only widens the matches to
        // what an empty or one-letter search lists anyway. It matters when a minimum length keeps searches
        // narrow (no listing of every customer by e-mail): `___` passes that check and matches everything.
        const search = contains || addsWildcards(input, pattern, call.scope);
        const min = search ? minimumLength(value, call.fn) : 0;
        if (search && min < 2) continue;
        const key = `${call.fn?.node.start ?? -1}:${ctx.model.file.text(value.node)}:${value.source}:${contains ? 'contains' : 'like'}`;
        const group = groups.get(key);
        if (group) {
          group.lines.push(ctx.model.file.startLine(pattern));
          continue;
        }
        groups.set(key, {
          emit: (more) => (contains ? reportContains(ctx, { call, pattern, value, min, more }) : report(ctx, { pattern, value, min, more })),
          line: ctx.model.file.startLine(pattern),
          lines: [],
        });
      }
    }
    for (const { emit, line, lines } of groups.values()) {
      const others = [...new Set(lines)].filter((l) => l !== line).sort((a, b) => a - b);
      emit(others.length ? ` The same happens on line${others.length > 1 ? 's' : ''} ${others.join(', ')}.` : '');
    }
  },
};

/** The LIKE patterns a call matches with: an ORM operator's argument, a PostgREST filter's, or a bound SQL parameter. */
function patternsOf(ctx: FileContext, call: CallInfo): PyNode[] {
  const file = ctx.model.file;
  if (LIKE_METHODS.has(call.name) && methodName(call.node, file) === call.name) {
    // `escape="\\"`: the pattern was escaped on purpose.
    if (kwarg(call.node, 'escape', file)) return [];
    // SQLAlchemy: col.ilike(pattern); PostgREST: .ilike("column", pattern).
    const second = positional(call.node, 1);
    // `Model.relationship.ilike(...)` raises before any SQL is built: there is no LIKE to inject into.
    if (!second && isRelationshipAttribute(ctx, call)) return [];
    const pattern = second ?? positional(call.node, 0) ?? kwarg(call.node, 'pattern', file) ?? kwarg(call.node, 'other', file);
    return pattern ? [pattern] : [];
  }
  return likeParameters(call);
}

/**
 * `User.name.contains(q)` / `.startswith(q)` / `.icontains(q)` on a mapped text column: SQLAlchemy builds
 * `LIKE '%' || q || '%'` and leaves `%` and `_` in q active unless `autoescape=True`.
 */
function containsOperand(ctx: FileContext, call: CallInfo): PyNode | null {
  const file = ctx.model.file;
  if (!CONTAINS_METHODS.has(call.name) || methodName(call.node, file) !== call.name) return null;
  if (kwarg(call.node, 'autoescape', file) || kwarg(call.node, 'escape', file)) return null;
  const column = receiver(call.node);
  const table = column?.type === 'attribute' ? fieldOf(column, 'object') : null;
  const name = column?.type === 'attribute' ? fieldOf(column, 'attribute') : null;
  const sym = table && name ? resolveExpr(ctx.an.project, call.scope, table) : null;
  const model = sym?.t === 'cls' ? ormModelOf(sym.cls) : null;
  const field = model && name ? model.cls.fields.get(file.text(name)) : null;
  if (!field || !model?.columns.has(file.text(name!))) return null;
  // ARRAY / JSON columns: contains() is `@>`, not LIKE.
  const declared = `${field.annotation ? model.cls.module.file.text(field.annotation) : ''} ${field.value ? model.cls.module.file.text(field.value) : ''}`;
  if (/ARRAY|JSON|list\[|dict\[|HSTORE|Vector/i.test(declared)) return null;
  return positional(call.node, 0) ?? kwarg(call.node, 'other', file);
}

/** The receiver is `Model.attr` where `attr` is a relationship of the mapped class, not a column. */
function isRelationshipAttribute(ctx: FileContext, call: CallInfo): boolean {
  const attr = receiver(call.node);
  const table = attr?.type === 'attribute' ? fieldOf(attr, 'object') : null;
  const name = attr?.type === 'attribute' ? fieldOf(attr, 'attribute') : null;
  const sym = table && name ? resolveExpr(ctx.an.project, call.scope, table) : null;
  const model = sym?.t === 'cls' ? ormModelOf(sym.cls) : null;
  return !!model && !!name && model.relationships.has(ctx.model.file.text(name));
}

function reportContains(ctx: FileContext, params: { call: CallInfo; pattern: PyNode; value: RequestValue; min: number; more: string }): void {
  const { call, pattern, value, min, more } = params;
  const file = ctx.model.file;
  ctx.report(meta, {
    node: pattern,
    severity: 'medium',
    message:
      `\`.${call.name}()\` turns \`${short(file.text(value.node))}\` (${value.source}) into a LIKE pattern without escaping it. ` +
      defeated(min) + ` Pass \`autoescape=True\` (\`.${call.name}(q, autoescape=True)\`).${more}`,
  });
}

/** What a wildcard does to a search whose term must be `min` characters long. */
function defeated(min: number): string {
  const any = '_'.repeat(min);
  return (
    `The term must be at least ${min} characters long, which keeps searches narrow, but \`%\` and \`_\` in it stay ` +
    `wildcards: a search for \`${any}\` passes that check and returns every row, and patterns like \`%a%b%c%\` make the ` +
    'database compare every row at length.'
  );
}

/**
 * The minimum length FastAPI or the code enforces on the request value: `min_length=3` on its `Query` /
 * `Field` / `constr` / `StringConstraints` declaration, or a `len(q) < 3` check in the route or a function
 * the value goes through. 0 when there is none.
 */
function minimumLength(value: RequestValue, fn: FunctionInfo | null): number {
  const origin = value.origin;
  if (!origin) return 0;
  let min = Number(/\bmin_length\s*=\s*(\d+)/.exec(origin.declaration)?.[1] ?? 0);
  const check = new RegExp(`\\blen\\(\\s*(?:\\w+\\.)?${origin.name}(?:\\.strip\\(\\))?\\s*\\)\\s*(<=?)\\s*(\\d+)`);
  for (const f of [fn, ...value.via]) {
    const found = f ? check.exec(f.scope.module.file.text(f.node)) : null;
    if (found) min = Math.max(min, Number(found[2]) + (found[1] === '<=' ? 1 : 0));
  }
  return min;
}

function isOperatorRoute(ctx: FileContext, fn: FunctionInfo | null): boolean {
  const route = fn ? ctx.an.route(fn) : null;
  return !!route && isPrivilegedRoute(ctx.an, route);
}

function report(ctx: FileContext, params: { pattern: PyNode; value: RequestValue; min: number; more: string }): void {
  const { pattern, value, min, more } = params;
  const file = ctx.model.file;
  const what = `\`${short(file.text(value.node))}\``;
  const from = ` (${value.source})`;
  if (min) {
    ctx.report(meta, {
      node: pattern,
      severity: 'medium',
      message:
        `${what}${from} goes into this LIKE pattern unescaped. ${defeated(min)} Escape \`\\\`, \`%\` and \`_\` ` +
        'first (e.g. `q.replace("\\\\", "\\\\\\\\").replace("%", "\\\\%").replace("_", "\\\\_")`), or use `.contains(q, autoescape=True)`.' + more,
    });
    return;
  }
  ctx.report(meta, {
    node: pattern,
    severity: 'medium',
    message:
      `${what}${from} is the whole LIKE pattern: a caller who sends \`%\` matches every row, so this lookup returns an ` +
      'arbitrary record (and `_` matches any character). Compare with `==` (`func.lower(col) == value.lower()` for a ' +
      'case-insensitive match), or escape `\\`, `%` and `_` before matching.' + more,
  });
}

/** `x.replace("%", "\\%")`, `escape_like(x)`, `re.sub(r"([%_])", ...)`: the wildcards are neutralised. */
function escapesWildcards(node: PyNode, scope: Scope): boolean {
  if (node.type !== 'call') return false;
  const file = scope.module.file;
  const callee = fieldOf(node, 'function');
  const name = callee ? file.text(callee) : '';
  const last = name.slice(name.lastIndexOf('.') + 1);
  if (ESCAPER.test(last)) return true;
  if (last === 'replace' || last === 'sub') {
    const first = positional(node, 0);
    const text = first ? stringValue(unparen(first), file) : null;
    return text !== null && /[%_]/.test(text);
  }
  return false;
}

/**
 * The pattern adds its own wildcards around the value (`f"%{q}%"`, `"%" + q`): a contains / prefix search.
 * Followed through local assignments and through the callers of a helper that receives the pattern.
 */
function addsWildcards(input: RequestInput, pattern: PyNode, scope: Scope, depth = 0): boolean {
  const n = unparen(pattern);
  const file = scope.module.file;
  if (depth > 4) return false;
  const deeper = (x: PyNode, s: Scope) => addsWildcards(input, x, s, depth + 1);
  if (n.type === 'string') return /%/.test(file.text(n).replace(/\{[^}]*\}/g, ''));
  if (n.type === 'binary_operator' || n.type === 'concatenated_string') return n.children.some((c) => deeper(c, scope));
  if (n.type === 'call' && methodName(n, file) === 'format') return /%/.test(file.text(fieldOf(n, 'function')!));
  if (n.type !== 'identifier') return false;
  const bindings = scope.bindings.get(file.text(n)) ?? [];
  const prior = bindings.filter((b) => isPrior(b, n) && b.value);
  const last = prior[prior.length - 1];
  if (last?.value) return deeper(last.value, last.valueScope ?? last.scope);
  const param = bindings.find((b) => b.kind === 'param');
  if (!param?.fn || !param.param) return false;
  const passed = input.callerArguments(param.fn, param.param);
  return passed.length > 0 && passed.every(({ call, arg }) => deeper(arg, call.scope));
}

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 50 ? `${one.slice(0, 47)}...` : one;
}
