import type { Node as TsNode } from 'web-tree-sitter';

/** The arguments of a Python call as written. */
export interface CallArgs {
  positional: TsNode[];
  keyword: Map<string, TsNode>;
  /** `*args` and `**kwargs`: arguments the translation cannot see. */
  splats: TsNode[];
}

export function callArgs(call: TsNode): CallArgs {
  const positional: TsNode[] = [];
  const keyword = new Map<string, TsNode>();
  const splats: TsNode[] = [];
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!arg || arg.type === 'comment' || arg.isMissing) continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (name && value) keyword.set(name, value);
    } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') splats.push(arg);
    else positional.push(arg);
  }
  return { positional, keyword, splats };
}

/** Arguments bound to parameter names the way Python binds them: positionally in order, then by keyword. */
export interface BoundArgs {
  get(name: string): TsNode | undefined;
  /** Positional arguments past the named parameters (`*columns` of create_table). */
  rest: TsNode[];
  splats: TsNode[];
}

export function bindArgs(args: CallArgs, names: readonly string[]): BoundArgs {
  const named = new Map(args.keyword);
  names.forEach((name, i) => {
    const value = args.positional[i];
    if (value && !named.has(name)) named.set(name, value);
  });
  return { get: (name) => named.get(name), rest: args.positional.slice(names.length), splats: args.splats };
}
