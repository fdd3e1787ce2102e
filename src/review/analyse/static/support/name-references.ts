import type { RepoSnapshot } from '../../../../domain/types.js';

/**
 * Where a name is used anywhere in the repository: the evidence that a function nothing calls is
 * dead code. The search is textual and errs towards "used": a word in a comment, a docstring, a
 * README, a config file (`pkg.mod:main` entry points) or a test all count. Only an import that the
 * importing file never uses again is not a use.
 */
export interface NameReferences {
  /**
   * True when `name` occurs, as a word, in some searched file other than `path`, outside import
   * statements whose file never mentions it again; or in `path` itself outside `[start, end)` (the
   * definition). Unknown (a file not read, a corpus too large) counts as used.
   */
  usedOutside(name: string, path: string, start: number, end: number): boolean;
  /**
   * True when another Python file imports the module at `path` (`from app.services.mail import x`,
   * `from app.services import mail`, `from .mail import x`, `import app.services.mail`): the module
   * is part of the application's import graph, not a file loaded by path or by a string.
   */
  moduleImported(path: string): boolean;
  /**
   * The files that use `name` that way, with how many times each does (`path` counts outside the definition),
   * and how many of those name it in the module's `__all__` (a re-export, no call).
   */
  usesOf(name: string, path: string, start: number, end: number): { path: string; count: number; exported?: number }[];
  /**
   * The Python files that use `name` as an attribute (`obj.name`, `self.name(...)`), with how many times each
   * does (`path` counts outside `[start, end)`), and how many times a lookup by name spells it there
   * (`getattr(obj, "name")`). The uses a method can have: a bare `name` elsewhere is another binding.
   */
  memberUsesOf(name: string, path: string, start: number, end: number): { path: string; count: number; quoted: number }[];
  /** True when some Python file's code (comments and docstrings left out) matches `pattern`. */
  codeMatches(pattern: RegExp): boolean;
}

/** Files a name may be used in: code, tests, docs and the configs that name entry points. */
const SEARCHED = /\.(py|pyi|pyx|md|rst|txt|toml|cfg|ini|ya?ml|json|j2|jinja2?|html|sh)$/;
const IGNORED_DIR = /(^|\/)(node_modules|\.venv|venv|site-packages|\.git|__pycache__)\//;
const MAX_FILES = 6000;
const MAX_BYTES = 64 * 1024 * 1024;

const CORPORA = new WeakMap<RepoSnapshot, Promise<NameReferences | null>>();

/**
 * The repository's name index, read once per snapshot. Null when a search is not affordable (each
 * read costs an API call) or the repository is too large: then nothing is dead.
 */
export function nameReferences(repo: RepoSnapshot): Promise<NameReferences | null> {
  let pending = CORPORA.get(repo);
  if (!pending) {
    pending = repo.budgeted ? Promise.resolve(null) : read(repo).catch(() => null);
    CORPORA.set(repo, pending);
  }
  return pending;
}

async function read(repo: RepoSnapshot): Promise<NameReferences | null> {
  const paths = (await repo.listPaths()).filter((p) => SEARCHED.test(p) && !IGNORED_DIR.test(p));
  if (paths.length > MAX_FILES) return null;
  const texts = new Map<string, string>();
  let bytes = 0;
  for (const path of paths) {
    // A read that fails may hide the only use (the whole answer is unknown); a file the snapshot
    // does not give as text (binary, too large) is no code to search.
    const text = await repo.readText(path);
    if (text === null) continue;
    bytes += text.length;
    if (bytes > MAX_BYTES) return null;
    texts.set(path, text);
  }
  return fromTexts(texts);
}

/** The index over given file texts (path -> text); also what tests build directly. */
export function fromTexts(texts: ReadonlyMap<string, string>): NameReferences {
  const imports = new Map<string, [number, number][]>();
  const importSpans = (path: string, text: string) => {
    let spans = imports.get(path);
    if (!spans) {
      spans = path.endsWith('.py') ? [...text.matchAll(IMPORT)].map((m) => [m.index, m.index + m[0].length] as [number, number]) : [];
      imports.set(path, spans);
    }
    return spans;
  };
  const masked = new Map<string, string>();
  const codeOf = (path: string, text: string) => {
    let code = masked.get(path);
    if (code === undefined) {
      code = path.endsWith('.py') ? maskProse(text) : text;
      masked.set(path, code);
    }
    return code;
  };
  const usesOf = (name: string, path: string, start: number, end: number, first: boolean) => {
    const out: { path: string; count: number; exported?: number }[] = [];
    // A name that is not a plain word cannot be searched: it is used somewhere unknown.
    if (!/^\w+$/.test(name)) return [{ path: '?', count: 1 }];
    const word = new RegExp(`\\b${name}\\b`, 'g');
    for (const [p, raw] of texts) {
      if (!raw.includes(name)) continue;
      const text = codeOf(p, raw);
      const spans = importSpans(p, text);
      const hits = [...text.matchAll(word)].map((m) => m.index);
      // A file that imports the name and never mentions it again does not use it (unless it renames it).
      const uses = p === path
        ? hits.filter((i) => i < start || i >= end)
        : hits.filter((i) => !spans.some(([s, e]) => i >= s && i < e) || spans.some(([s, e]) => i >= s && i < e && /\bas\b/.test(text.slice(s, e))));
      const exported = p.endsWith('.py') ? uses.filter((i) => [...text.matchAll(ALL)].some((m) => i >= m.index && i < m.index + m[0].length)).length : 0;
      if (uses.length) out.push(exported ? { path: p, count: uses.length, exported } : { path: p, count: uses.length });
      if (uses.length && first) break;
    }
    return out;
  };
  const memberUsesOf = (name: string, path: string, start: number, end: number) => {
    if (!/^\w+$/.test(name)) return [{ path: '?', count: 1, quoted: 1 }];
    const member = new RegExp(`\\.\\s*${name}\\b`, 'g');
    const quoted = new RegExp(`(['"])${name}\\1`, 'g');
    const out: { path: string; count: number; quoted: number }[] = [];
    for (const [p, raw] of texts) {
      if (!p.endsWith('.py') || !raw.includes(name)) continue;
      const text = codeOf(p, raw);
      const spans = importSpans(p, text);
      // A module path in an import (`from app.sync.jobs import x`) is no attribute.
      const outside = (i: number) => (p !== path || i < start || i >= end) && !spans.some(([s, e]) => i >= s && i < e);
      const count = [...text.matchAll(member)].filter((m) => outside(m.index)).length;
      // A string names the attribute only where it is looked up by name (an enum value "sync" is not a use).
      const strings = [...text.matchAll(quoted)].filter((m) => outside(m.index) && BY_NAME.test(text.slice(Math.max(0, m.index - 80), m.index))).length;
      if (count || strings) out.push({ path: p, count, quoted: strings });
    }
    return out;
  };
  return {
    usedOutside: (name, path, start, end) => usesOf(name, path, start, end, true).length > 0,
    memberUsesOf,
    usesOf: (name, path, start, end) => usesOf(name, path, start, end, false),
    codeMatches: (pattern) => [...texts].some(([p, raw]) => p.endsWith('.py') && pattern.test(codeOf(p, raw))),
    moduleImported(path) {
      const parts = path.replace(/\.pyi?$/, '').split('/');
      if (parts[parts.length - 1] === '__init__') parts.pop();
      const stem = parts[parts.length - 1];
      const pkg = parts[parts.length - 2];
      if (!stem || !/^\w+$/.test(stem) || (pkg && !/^\w+$/.test(pkg))) return true;
      const dir = parts.slice(0, -1).join('/');
      const dotted = pkg ? new RegExp(`\\b${pkg}\\.${stem}\\b|^[ \\t]*from[ \\t]+(?:[\\w.]*\\.)?${pkg}[ \\t]+import\\b[\\s\\S]*\\b${stem}\\b`) : new RegExp(`^[ \\t]*(?:import|from)[ \\t]+${stem}\\b`);
      const relative = new RegExp(`^[ \\t]*from[ \\t]+\\.${stem}\\b|^[ \\t]*from[ \\t]+\\.[ \\t]+import\\b[\\s\\S]*\\b${stem}\\b`);
      for (const [p, raw] of texts) {
        if (p === path || !p.endsWith('.py') || !raw.includes(stem)) continue;
        const text = codeOf(p, raw);
        const sameDir = p.slice(0, Math.max(0, p.lastIndexOf('/'))) === dir;
        for (const [s, e] of importSpans(p, text)) {
          const statement = text.slice(s, e);
          if (dotted.test(statement) || (sameDir && relative.test(statement))) return true;
        }
      }
      return false;
    },
  };
}

/** A module's `__all__` list of the names it exports. */
const ALL = /^__all__[ \t]*(?::[^=\n]*)?\+?=[ \t]*[[(][^\])]*[\])]/gm;

/** A lookup of an attribute by its name, before the string: `getattr(obj, `, `operator.methodcaller(`. */
const BY_NAME = /\b(getattr|hasattr|methodcaller|attrgetter)\s*\([^()]*$/;

/** `from a.b import x, y` (one line, continued with `\`, or parenthesised over several lines). */
const IMPORT = /^[ \t]*(?:from[ \t]+[\w.]+[ \t]+)?import[ \t]+(?:\([^)]*\)|[^\n]*(?:\\\n[^\n]*)*)/gm;

/** A comment, or a docstring: a triple-quoted string standing alone as a statement. */
const PROSE = /#[^\n]*|^[ \t]*[rRuU]?("""|\'\'\')[\s\S]*?\1/gm;

/**
 * Python text with its comments and docstrings blanked (same length, lines kept): prose that names
 * a function (`"""Input for STXPriceTool."""`) does not use it. Other strings still count (a name
 * registered as a string is a use).
 */
function maskProse(text: string): string {
  return text.replace(PROSE, (m) => m.replace(/[^\n]/g, ' '));
}
