import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

const require = createRequire(import.meta.url);

// The WASM runtime and grammar are loaded once per process: they are immutable code, not state.
let loading: Promise<Parser> | undefined;

/** A tree-sitter parser for Python (error-tolerant: a syntax error still yields the valid parts). */
export function loadPythonParser(): Promise<Parser> {
  loading ??= (async () => {
    await Parser.init();
    const language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return loading;
}
