import type { PyNode } from '../syntax/py-node.js';
import type { FunctionInfo } from './types.js';

/** The reads of a name in a function's own body, in source order. */
export function refsOf(fn: FunctionInfo, name: string): PyNode[] {
  // Built on first use: most functions are never asked.
  let map = fn.refIndex;
  if (!map) {
    map = new Map();
    const src = fn.module.file.source;
    for (const n of fn.refNodes) {
      const key = src.slice(n.start, n.end);
      const list = map.get(key);
      if (list) list.push(n);
      else map.set(key, [n]);
    }
    fn.refIndex = map;
  }
  return map.get(name) ?? [];
}

/** True when the function's own body reads the name. */
export function reads(fn: FunctionInfo, name: string): boolean {
  return refsOf(fn, name).length > 0;
}
