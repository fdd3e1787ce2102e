import { createHash } from 'node:crypto';
import type { Node as TsNode } from 'web-tree-sitter';
import type { SourceSegment } from '../source/sql-source.js';

/** A Python expression with the names it may refer to (a helper's parameters, a loop variable). */
export interface Value {
  node: TsNode;
  env: Env;
}

/** Names bound to expressions: module constants, local assignments, loop variables, helper parameters. */
export type Env = ReadonlyMap<string, Value>;

/** How deep a string expression is read (concatenations, names inside f-strings). */
const MAX_DEPTH = 64;

/** How many names a value may go through (`a = b`, `b = "x"`): cycles and long chains stop here. */
const MAX_HOPS = 16;

/** The expression a name or parenthesised expression stands for, as far as the bindings tell. */
export function resolve(node: TsNode, env: Env): Value {
  let value: Value = { node, env };
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const n = value.node;
    if (n.type === 'parenthesized_expression' && n.namedChildren.length === 1 && n.namedChildren[0]) {
      value = { node: n.namedChildren[0], env: value.env };
    } else if (n.type === 'identifier' && value.env.has(n.text)) {
      value = value.env.get(n.text) as Value;
    } else break;
  }
  return value;
}

/** The dotted name a call invokes: "op.execute", "sa.Column", "text". */
export function calleeName(call: TsNode): string {
  return call.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '';
}

/** The last segment of the callee: "execute" for `op.get_bind().execute`. */
export function calleeTail(call: TsNode): string {
  const name = calleeName(call);
  return name.slice(name.lastIndexOf('.') + 1);
}

/** Calls that only wrap a name: naming conventions (`op.f`, `conv`) and `quoted_name`, `str`. */
const NAME_WRAPPERS = new Set(['f', 'conv', 'quoted_name', 'str']);

/** The wrappers that mark a name as a naming-convention result (SQLAlchemy's `conv`, a truncatable label). */
const CONVENTION_WRAPPERS = new Set(['f', 'conv']);
/** PostgreSQL's identifier limit (NAMEDATALEN - 1). */
const MAX_IDENTIFIER = 63;

/**
 * A `conv` name as SQLAlchemy renders it for PostgreSQL: over 63 characters it keeps the first 55,
 * then `_` and the last 4 hex digits of the name's MD5 (PostgreSQL itself would only cut it at 63),
 * so a later `drop_index(op.f(...))` names the index SQLAlchemy made.
 */
function truncatedLabel(segments: SourceSegment[]): SourceSegment[] {
  const name = segments.map((s) => s.text).join('');
  if (Buffer.byteLength(name, 'utf8') <= MAX_IDENTIFIER) return segments;
  const hash = createHash('md5').update(name, 'utf8').digest('hex');
  return [{ text: `${name.slice(0, MAX_IDENTIFIER - 8)}_${hash.slice(-4)}`, line: segments[0]!.line }];
}

/** Pieces of a static string with their file lines: literals, bound names, f-strings over bound names. */
export function segmentsOf(node: TsNode | undefined | null, env: Env, depth = 0): SourceSegment[] | undefined {
  // `"a" + "b" + ...` nests once per operand: a string built that deep is not read.
  if (!node || depth > MAX_DEPTH) return undefined;
  const { node: n, env: scope } = resolve(node, env);
  if (n.type === 'call' && NAME_WRAPPERS.has(calleeTail(n))) {
    const first = n.childForFieldName('arguments')?.namedChildren.find((c) => c && c.type !== 'comment' && c.type !== 'keyword_argument');
    const inner = first ? segmentsOf(first, scope, depth + 1) : undefined;
    return inner && CONVENTION_WRAPPERS.has(calleeTail(n)) ? truncatedLabel(inner) : inner;
  }
  const member = memberAttribute(n, scope);
  if (member !== undefined) return [{ text: member, line: n.startPosition.row + 1 }];
  if (n.type === 'binary_operator' && n.childForFieldName('operator')?.type === '+') {
    const left = segmentsOf(n.childForFieldName('left'), scope, depth + 1);
    const right = left && segmentsOf(n.childForFieldName('right'), scope, depth + 1);
    return left && right ? [...left, ...right] : undefined;
  }
  return stringSegments(n, (name) => {
    if (name.type === 'attribute') return segmentsOf(name, scope, depth + 1);
    const bound = resolve(name, scope);
    if (bound.node === name) return undefined;
    // A number interpolated into SQL text is its digits.
    if (bound.node.type === 'integer' || bound.node.type === 'float') return [{ text: bound.node.text, line: bound.node.startPosition.row + 1 }];
    return segmentsOf(bound.node, bound.env, depth + 1);
  });
}

/**
 * `size.value` / `size.name` of a loop over an enum class (`for size in ImagePreviewSize:`), which binds
 * the loop variable to the member's `NAME = "value"` line: the value when it is a string, the name.
 */
function memberAttribute(n: TsNode, env: Env): string | undefined {
  if (n.type !== 'attribute') return undefined;
  const attribute = n.childForFieldName('attribute')?.text;
  const object = n.childForFieldName('object');
  if (!object || object.type !== 'identifier' || (attribute !== 'value' && attribute !== 'name')) return undefined;
  const bound = resolve(object, env).node;
  if (bound.type !== 'assignment' || bound.parent?.parent?.parent?.type !== 'class_definition') return undefined;
  const side = bound.childForFieldName(attribute === 'name' ? 'left' : 'right');
  if (!side) return undefined;
  return attribute === 'name' ? side.text : literal(side, new Map());
}

/** The value of a static string (see segmentsOf), undefined for anything computed at run time. */
export function literal(node: TsNode | undefined | null, env: Env): string | undefined {
  return segmentsOf(node, env)?.map((s) => s.text).join('');
}

export function isTrue(node: TsNode | undefined, env: Env): boolean {
  return !!node && resolve(node, env).node.type === 'true';
}

export function isFalse(node: TsNode | undefined, env: Env): boolean {
  return !!node && resolve(node, env).node.type === 'false';
}

const SEQUENCES = new Set(['list', 'tuple', 'set', 'pair']);

/**
 * The items of a list, tuple or set literal, `*names` spread in (a single item for anything else);
 * a dict's `key: value` pair counts as the tuple (key, value).
 */
export function itemsOf(node: TsNode | undefined, env: Env, depth = 0): Value[] {
  if (!node) return [];
  const value = resolve(node, env);
  if (!SEQUENCES.has(value.node.type)) return [value];
  const out: Value[] = [];
  for (const child of value.node.namedChildren) {
    if (!child || child.type === 'comment') continue;
    const spread = child.type === 'list_splat' ? child.namedChildren[0] : undefined;
    if (spread && depth < 4) out.push(...itemsOf(spread, value.env, depth + 1));
    else out.push({ node: child, env: value.env });
  }
  return out;
}

/** The strings of a list of names (`["a", "b"]`, `("a",)`, `"a"`); undefined when any item is not static. */
export function stringList(node: TsNode | undefined, env: Env): string[] | undefined {
  const out: string[] = [];
  for (const item of itemsOf(node, env)) {
    const text = literal(item.node, item.env);
    if (text === undefined) return undefined;
    out.push(text);
  }
  return out;
}

// ---- enum classes ------------------------------------------------------------------------------

/** One member of a Python enum class: `NAME = value`. */
export interface EnumMember {
  name: string;
  /** The value, tagged `s:` for a string and `n:` for a number; undefined for `auto()`. */
  value: string | undefined;
  /** The `NAME = value` assignment (a loop over the class binds its variable to it: see memberAttribute). */
  assignment: TsNode;
}

/** The class a name stands for: `Status`, or `types.Status` as the revision's imports bound it (see enumClassBindings). */
export function enumClass(node: TsNode, env: Env): TsNode | undefined {
  const bound = node.type === 'attribute' ? env.get(node.text.replace(/\s+/g, '')) : undefined;
  const value = bound ?? resolve(node, env);
  return value.node.type === 'class_definition' ? value.node : undefined;
}

/**
 * The members of an enum class body (`NAME = value`), aliases left out; undefined when a value is
 * neither a literal nor `auto()`, so that aliases cannot be told. Values are tagged: `s:` strings, `n:` numbers.
 */
export function enumMembers(cls: TsNode): EnumMember[] | undefined {
  const out: EnumMember[] = [];
  const seen = new Set<string>();
  for (const stmt of cls.childForFieldName('body')?.namedChildren ?? []) {
    const assign = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
    if (assign?.type !== 'assignment') continue;
    const left = assign.childForFieldName('left');
    const right = assign.childForFieldName('right');
    if (left?.type !== 'identifier' || !right || left.text.startsWith('_')) continue;
    if (right.type === 'lambda') continue;
    let value: string | undefined;
    const text = literal(right, new Map());
    if (text !== undefined) value = `s:${text}`;
    else if (right.type === 'integer' || right.type === 'float') value = `n:${Number(right.text.replace(/_/g, ''))}`;
    else if (!(right.type === 'call' && calleeName(right).split('.').pop() === 'auto')) return undefined;
    if (value !== undefined && seen.has(value)) continue;
    if (value !== undefined) seen.add(value);
    out.push({ name: left.text, value, assignment: assign });
  }
  return out.length ? out : undefined;
}

// ---- string literals ---------------------------------------------------------------------------

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

/** The static text a name inside an f-string stands for, or undefined when it is computed at run time. */
export type Interpolate = (name: TsNode) => SourceSegment[] | undefined;

/**
 * The value of a Python string literal (or implicitly concatenated literals) as pieces that know
 * their file line. An f-string counts when `interpolate` knows every name it interpolates (a
 * module constant); other f-strings and bytes literals are not static SQL: undefined.
 */
export function stringSegments(node: TsNode, interpolate?: Interpolate): SourceSegment[] | undefined {
  if (node.type === 'concatenated_string') {
    const out: SourceSegment[] = [];
    for (const child of node.namedChildren) {
      if (!child || child.type === 'comment') continue;
      const part = stringSegments(child, interpolate);
      if (!part) return undefined;
      out.push(...part);
    }
    return out;
  }
  if (node.type !== 'string') return undefined;
  const prefix = (node.firstChild?.text ?? '').replace(/['"]+$/, '').toLowerCase();
  if (prefix.includes('b')) return undefined;
  const raw = prefix.includes('r');
  const out: SourceSegment[] = [];
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'interpolation') {
      const part = interpolated(child, interpolate);
      if (!part) return undefined;
      out.push(...part);
    } else if (child.type === 'string_content') out.push(...contentSegments(child, raw));
  }
  return out;
}

/** `{NAME}` (or `{member.value}`) without conversion or format spec, through `interpolate`, placed on the f-string's line. */
function interpolated(node: TsNode, interpolate: Interpolate | undefined): SourceSegment[] | undefined {
  const expr = node.childForFieldName('expression');
  const name = expr?.type === 'identifier' || (expr?.type === 'attribute' && expr.childForFieldName('object')?.type === 'identifier');
  if (!interpolate || !expr || !name || node.namedChildren.length !== 1) return undefined;
  const text = interpolate(expr)?.map((s) => s.text).join('');
  return text === undefined ? undefined : [{ text, line: node.startPosition.row + 1 }];
}

/** Splits a string_content at its escape sequences, decoding them unless the string is raw. */
function contentSegments(content: TsNode, raw: boolean): SourceSegment[] {
  const text = content.text;
  const base = content.startIndex;
  const row = content.startPosition.row + 1;
  const lineOf = (at: number) => row + countNewlines(text.slice(0, at));
  const out: SourceSegment[] = [];
  let at = 0;
  for (const esc of raw ? [] : content.namedChildren) {
    if (!esc || esc.type !== 'escape_sequence') continue;
    const start = esc.startIndex - base;
    if (start > at) out.push({ text: text.slice(at, start), line: lineOf(at) });
    out.push({ text: decodeEscape(esc.text), line: lineOf(start) });
    at = esc.endIndex - base;
  }
  if (at < text.length) out.push({ text: text.slice(at), line: lineOf(at) });
  return out;
}

function decodeEscape(seq: string): string {
  const c = seq[1] ?? '';
  if (c in ESCAPES) return ESCAPES[c];
  if (c === '\n') return ''; // line continuation
  if (c === 'x' || c === 'u' || c === 'U') return String.fromCodePoint(parseInt(seq.slice(2), 16) || 0xfffd);
  return seq;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
