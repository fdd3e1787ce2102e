import type { Tree, TreeCursor } from 'web-tree-sitter';

/**
 * The handful of cursor operations the tree builder needs. The public TreeCursor copies the cursor
 * in and out of WebAssembly memory on every getter and move (about 0.8 µs a node); the direct
 * variant leaves the cursor in web-tree-sitter's transfer buffer and calls the exported C
 * functions, which is three times faster. Both walk the same tree; the direct one is used only
 * when the module exposes every function it needs and passes a self-check at load.
 */
export interface CursorOps {
  typeId(): number;
  startIndex(): number;
  endIndex(): number;
  fieldId(): number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  /** Frees the cursor; the ops must not be used afterwards. */
  close(): void;
}

type WasmFn = (tree: number) => number;
const REQUIRED = [
  '_ts_init',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
] as const;

/** The public-API cursor: always correct, slower. */
export function publicCursor(tree: Tree): CursorOps {
  const c: TreeCursor = tree.walk();
  return {
    typeId: () => c.nodeTypeId,
    startIndex: () => c.startIndex,
    endIndex: () => c.endIndex,
    fieldId: () => c.currentFieldId,
    gotoFirstChild: () => c.gotoFirstChild(),
    gotoNextSibling: () => c.gotoNextSibling(),
    gotoParent: () => c.gotoParent(),
    close: () => c.delete(),
  };
}

/** A factory of direct cursors, or null when the module lacks a function we rely on. */
export function directCursorFactory(wasm: Record<string, unknown>): ((tree: Tree) => CursorOps) | null {
  for (const name of REQUIRED) if (typeof wasm[name] !== 'function') return null;
  if (!(wasm.HEAP32 instanceof Int32Array)) return null;
  const fn = (name: (typeof REQUIRED)[number]) => wasm[name] as WasmFn;
  // ts_init only stores the language versions and returns the transfer buffer's address.
  const transfer = (wasm._ts_init as () => number)();
  const typeId = fn('_ts_tree_cursor_current_node_type_id_wasm');
  const startIndex = fn('_ts_tree_cursor_start_index_wasm');
  const endIndex = fn('_ts_tree_cursor_end_index_wasm');
  const fieldId = fn('_ts_tree_cursor_current_field_id_wasm');
  const first = fn('_ts_tree_cursor_goto_first_child_wasm');
  const next = fn('_ts_tree_cursor_goto_next_sibling_wasm');
  const parent = fn('_ts_tree_cursor_goto_parent_wasm');
  return (tree: Tree) => {
    // tree.walk() leaves the new cursor in the transfer buffer, where the C functions read it.
    const cursor = tree.walk() as TreeCursor & { handles: number[] };
    const t = (tree as unknown as Record<number, number>)[0];
    return {
      typeId: () => typeId(t),
      startIndex: () => startIndex(t),
      endIndex: () => endIndex(t),
      fieldId: () => fieldId(t),
      gotoFirstChild: () => first(t) === 1,
      gotoNextSibling: () => next(t) === 1,
      gotoParent: () => parent(t) === 1,
      close: () => {
        // The moves updated the cursor in the buffer only; copy it back so delete frees the right stack.
        const heap = wasm.HEAP32 as Int32Array;
        for (let i = 0; i < 4; i++) cursor.handles[i] = heap[(transfer >> 2) + i];
        cursor.delete();
      },
    };
  };
}
