import { fieldOf, type PyNode } from '../../syntax/py-node.js';
import type { PyFile } from '../../model/py-file.js';

type LineEdit = (lineText: string, line: number) => string | null;

/** Replaces a call's callee text (`time.sleep` -> `await asyncio.sleep`) on the call's first line. */
export function replaceCallee(params: { file: PyFile; call: PyNode; callee: string; requireStatement?: boolean }): LineEdit | undefined {
  const { file, call } = params;
  const calleeNode = fieldOf(call, 'function');
  if (!calleeNode || file.startLine(calleeNode) !== file.endLine(calleeNode)) return undefined;
  if (params.requireStatement && call.parent?.type !== 'expression_statement' && call.parent?.type !== 'assignment') return undefined;
  return (text, line) => {
    if (line !== file.startLine(call)) return null;
    const base = file.lineStart(line);
    return text.slice(0, calleeNode.start - base) + params.callee + text.slice(calleeNode.end - base);
  };
}

/** Inserts `await ` before a call on its first line. */
export function insertAwait(file: PyFile, call: PyNode): LineEdit {
  return (text, line) => {
    if (line !== file.startLine(call)) return null;
    const col = call.start - file.lineStart(line);
    return text.slice(0, col) + 'await ' + text.slice(col);
  };
}

/** Removes a keyword argument (`, verify=False`) that sits on the reported line. */
export function removeKeyword(file: PyFile, kw: PyNode): LineEdit {
  return (text, line) => {
    if (file.startLine(kw) !== line || file.endLine(kw) !== line) return null;
    const base = file.lineStart(line);
    let from = kw.start - base;
    let to = kw.end - base;
    const after = /^\s*,\s*/.exec(text.slice(to));
    const before = /,\s*$/.exec(text.slice(0, from));
    if (before) from -= before[0].length;
    else if (after) to += after[0].length;
    return text.slice(0, from) + text.slice(to);
  };
}

/** Replaces one node's text on its (single) line. */
export function replaceNode(file: PyFile, node: PyNode, replacement: string): LineEdit {
  return (text, line) => {
    if (file.startLine(node) !== line || file.endLine(node) !== line) return null;
    const base = file.lineStart(line);
    return text.slice(0, node.start - base) + replacement + text.slice(node.end - base);
  };
}
