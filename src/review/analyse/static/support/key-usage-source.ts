// The code corpus key usage searches: one file, its top-level classes, and line numbers.

/** One file of the corpus. */
export interface Source {
  path: string;
  text: string;
  migration: boolean;
  /** Scripts, CLIs, seeds and backfills: run by an operator now and then, their lookups say nothing of the app's. */
  oneOff?: boolean;
  classes?: { name: string; start: number; end: number }[];
}

/** `path:line` of an offset in a source. */
export function lineOf(source: Source, at: number): string {
  return `${source.path}:${source.text.slice(0, at).split('\n').length}`;
}

/** The top-level classes of a Python module, with the span of their bodies (memoised per source). */
export function classBodies(source: Source): { name: string; start: number; end: number }[] {
  if (!source.classes) {
    source.classes = [];
    for (const m of source.text.matchAll(CLASS_BLOCK)) {
      const end = m.index + m[0].length;
      source.classes.push({ name: m[1], start: end - m[2].length, end });
    }
  }
  return source.classes;
}

/** A top-level class and its indented body; its bases may span lines (`class Checkout(\n    Mixin, Base\n):`). */
const CLASS_BLOCK = /^class\s+(\w+)\b(?:\s*\((?:[^()]|\([^()]*\))*\))?[^\n]*:\s*\n((?:[ \t]+[^\n]*\n|[ \t]*\n)*)/gm;
