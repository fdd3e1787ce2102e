import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

const require = createRequire(import.meta.url);

/**
 * The parser plus the Emscripten module object web-tree-sitter filled in during `Parser.init`.
 * The module lets the tree builder call the cursor functions without re-marshalling the cursor
 * on every step (see syntax/cursor-access.ts); everything else uses the public API.
 */
export interface PythonRuntime {
  parser: Parser;
  language: Language;
  /** The WASM module web-tree-sitter runs on; empty when another caller initialised it first. */
  wasm: Record<string, unknown>;
  /** Grammar tables of the tree builder, computed once with the runtime (see syntax/build-tree.ts). */
  grammar?: unknown;
}

// The WASM runtime and grammar are loaded once per process: they are immutable code, not state.
let loading: Promise<PythonRuntime> | undefined;

export function loadPythonRuntime(): Promise<PythonRuntime> {
  loading ??= (async () => {
    const wasm: Record<string, unknown> = {};
    await Parser.init(wasm);
    const language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return { parser, language, wasm };
  })();
  return loading;
}

/** A tree-sitter parser for Python (error-tolerant: a syntax error still yields the valid parts). */
export async function loadPythonParser(): Promise<Parser> {
  return (await loadPythonRuntime()).parser;
}
