import type { Language, Tree } from 'web-tree-sitter';
import type { PythonRuntime } from '../../parsers/python-parser.js';
import type { PyNode } from './py-node.js';
import { directCursorFactory, publicCursor, type CursorOps } from './cursor-access.js';

/** Anonymous tokens kept on their parent: operators and the `async` keyword. */
const KEPT_TOKENS = new Set([
  '+', '-', '*', '/', '%', '//', '**', '@', '|', '&', '^', '<<', '>>', '~',
  '<', '>', '<=', '>=', '==', '!=', '<>', 'in', 'not', 'is', 'is not', 'not in', 'and', 'or',
  'async', '+=', '-=', '*=', '/=', '%=', '|=', ':=',
]);
export const ERROR_TYPE_ID = 65535;
/** Named node types without fields (tree-sitter-python 0.25 node-types.json): no field lookup for their children. */
const NO_FIELD_PARENTS = new Set([
  'argument_list', 'assert_statement', 'await', 'concatenated_string', 'conditional_expression', 'decorator',
  'delete_statement', 'dictionary', 'dictionary_splat', 'dictionary_splat_pattern', 'expression_list',
  'expression_statement', 'finally_clause', 'generic_type', 'global_statement', 'if_clause', 'lambda_parameters',
  'list', 'list_pattern', 'list_splat', 'list_splat_pattern', 'module', 'nonlocal_statement', 'parameters',
  'parenthesized_expression', 'pattern_list', 'relative_import', 'return_statement', 'set', 'slice', 'string',
  'string_content', 'tuple', 'tuple_pattern', 'type', 'type_parameter', 'with_clause', 'yield',
]);
/** Named node types that never have children: the builder does not try to descend into them. */
const LEAF_TYPES = new Set([
  'identifier', 'integer', 'float', 'true', 'false', 'none', 'comment', 'ellipsis', 'escape_sequence',
  'escape_interpolation', 'string_start', 'string_end', 'type_conversion', 'import_prefix', 'keyword_separator',
  'positional_separator', 'wildcard_import', 'line_continuation', 'pass_statement', 'break_statement', 'continue_statement',
]);

/**
 * Extras tree-sitter may put between any two tokens of any construct. They carry no meaning for the
 * rules, and as children they would shift every positional read (`children[0]`, "two operands"), so
 * the builder leaves them out of the tree (suppression comments are read from the text).
 */
const EXTRA_TYPES = new Set(['comment', 'line_continuation']);

/** Leaves share one empty child list; the builder swaps in a real array on the first child. */
export const NO_CHILDREN: PyNode[] = [];

/** What the builder needs to know about the grammar, computed once per runtime. */
export interface Grammar {
  typeNames: string[];
  named: boolean[];
  kept: boolean[];
  fieldNames: (string | null)[];
  /** Node types whose children are skipped unless `descendInto` says otherwise (plain strings). */
  leafy: boolean[];
  /** Named types that never have children. */
  leaf: boolean[];
  /** Named extras (comments, line continuations): never mirrored. */
  extra: boolean[];
  /** Named types whose children fill grammar fields. */
  hasFields: boolean[];
  /** Anonymous tokens that have children (aliased sequences such as `not in`). */
  compound: boolean[];
  /** The identifier type id: its end is found by scanning the text instead of asking WASM. */
  identifier: number;
  open: (tree: Tree) => CursorOps;
}

/**
 * The grammar tables, and the faster direct cursor when `verify` confirms it builds the same tree
 * as the public one (see build-tree.ts).
 */
export function describeGrammar(rt: PythonRuntime, verify: (grammar: Grammar, direct: (tree: Tree) => CursorOps) => boolean): Grammar {
  const lang: Language = rt.language;
  const count = lang.nodeTypeCount;
  const typeNames: string[] = [];
  const named: boolean[] = [];
  const kept: boolean[] = [];
  for (let id = 0; id < count; id++) {
    const name = lang.nodeTypeForId(id) ?? '';
    typeNames.push(name);
    named.push(lang.nodeTypeIsNamed(id));
    kept.push(!lang.nodeTypeIsNamed(id) && KEPT_TOKENS.has(name));
  }
  const leafy = typeNames.map((t) => t === 'string' || t === 'dotted_name');
  const leaf = typeNames.map((t, id) => named[id] && LEAF_TYPES.has(t));
  const extra = typeNames.map((t, id) => named[id] && EXTRA_TYPES.has(t));
  const hasFields = typeNames.map((t, id) => !named[id] || !NO_FIELD_PARENTS.has(t));
  const compound = typeNames.map((t, id) => !named[id] && t.includes(' '));
  const identifier = typeNames.findIndex((t, id) => named[id] && t === 'identifier');
  const grammar: Grammar = { typeNames, named, kept, fieldNames: lang.fields, leafy, leaf, extra, hasFields, compound, identifier, open: publicCursor };
  const direct = directCursorFactory(rt.wasm);
  if (direct && verify(grammar, direct)) grammar.open = direct;
  return grammar;
}
