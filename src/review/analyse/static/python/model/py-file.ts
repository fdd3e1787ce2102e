import type { PyNode } from '../syntax/py-node.js';

/** One parsed Python file: its text, its PyNode tree and line arithmetic. */
export class PyFile {
  private lineStarts: number[] | null = null;

  constructor(
    readonly path: string,
    readonly source: string,
    readonly root: PyNode,
    /** Offset of the first syntax error, or -1. */
    readonly errorAt: number,
  ) {}

  text(node: PyNode): string {
    return this.source.slice(node.start, node.end);
  }

  /** 1-based line of an offset. */
  lineAt(offset: number): number {
    const starts = (this.lineStarts ??= computeLineStarts(this.source));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  startLine(node: PyNode): number {
    return this.lineAt(node.start);
  }

  /** Last line of a node (a node ending right after a newline ends on the line before). */
  endLine(node: PyNode): number {
    return this.lineAt(Math.max(node.start, node.end - 1));
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    const starts = (this.lineStarts ??= computeLineStarts(this.source));
    return starts[line - 1] ?? this.source.length;
  }

  /** The text of a 1-based line, without its newline. */
  lineText(line: number): string {
    const starts = (this.lineStarts ??= computeLineStarts(this.source));
    const from = starts[line - 1];
    if (from === undefined) return '';
    const to = line < starts.length ? starts[line] - 1 : this.source.length;
    return this.source.slice(from, to).replace(/\r$/, '');
  }
}

function computeLineStarts(source: string): number[] {
  const starts = [0];
  let i = source.indexOf('\n');
  while (i >= 0) {
    starts.push(i + 1);
    i = source.indexOf('\n', i + 1);
  }
  return starts;
}
