import { parse as parseToml } from 'smol-toml';
import { loadPythonParser } from '../static/parsers/python-parser.js';
import { loadPgParser } from '../static/parsers/pg-parser.js';
import { fenced } from '../../shared/markdown.js';
import type { ChangedFile, FindingDraft } from '../../../domain/types.js';

/**
 * A model's suggestion becomes a one-click ```suggestion only when it is safe to accept blindly:
 * the file still parses with it, and it brings no process, network, eval or import that the
 * replaced lines did not already have. Otherwise the reviewer sees it as plain text, with why.
 */
const PYTHON_RISKS: [string, RegExp][] = [
  ['an import', /^\s*(?:import\s+[\w.]|from\s+[\w.]+\s+import\b)|\b__import__\s*\(|\bimportlib\b/m],
  ['eval or exec', /\b(?:eval|exec|compile|execfile)\s*\(/],
  ['a process', /\bos\s*\.\s*(?:system|popen|exec\w*|spawn\w*|fork\w*|kill)\b|\bsubprocess\b|\bpty\s*\.\s*spawn\b|\bshutil\s*\.\s*rmtree\b/],
  ['network access', /\b(?:socket|requests|httpx|aiohttp|urllib\d?|http\.client|ftplib|smtplib|telnetlib|paramiko)\b|\b(?:https?|ftp):\/\//],
  ['a pickle or marshal load', /\b(?:pickle|cPickle|marshal|dill|shelve)\s*\.\s*loads?\b/],
];
const SQL_RISKS: [string, RegExp][] = [
  ['a process', /\bcopy\b[\s\S]{0,500}\bprogram\b|\blo_(?:import|export)\b|\bpg_read_(?:binary_)?file\b/i],
  ['network access', /\bdblink\w*\b|\bnet\s*\.\s*http_\w+|\bhttp_(?:get|post|request)\b|\bpostgres_fdw\b/i],
  ['an extension', /\bcreate\s+extension\b/i],
  ['a privilege change', /\b(?:grant|alter\s+role|create\s+role|security\s+definer)\b/i],
];

async function parses(kind: ChangedFile['kind'], text: string): Promise<boolean> {
  try {
    if (kind === 'python' || kind === 'alembic') {
      const tree = (await loadPythonParser()).parse(text);
      const ok = tree ? !tree.rootNode.hasError : false;
      tree?.delete();
      return ok;
    }
    if (kind === 'sql') {
      (await loadPgParser()).parse(text);
      return true;
    }
    parseToml(text);
    return true;
  } catch {
    return false;
  }
}

/** Why the suggestion must not be a one-click change, or undefined when it may. */
export async function suggestionProblem(params: { file: ChangedFile; line: number; endLine?: number; suggestion: string }): Promise<string | undefined> {
  const { file, line, suggestion } = params;
  if (file.content === null) return 'the file has no head content';
  const lines = file.content.split('\n');
  const end = params.endLine ?? line;
  const replaced = lines.slice(line - 1, end).join('\n');
  for (const [what, pattern] of file.kind === 'sql' ? SQL_RISKS : PYTHON_RISKS) {
    if (pattern.test(suggestion) && !pattern.test(replaced)) return `it adds ${what}`;
  }
  const after = [...lines.slice(0, line - 1), ...suggestion.split('\n'), ...lines.slice(end)].join('\n');
  if ((await parses(file.kind, file.content)) && !(await parses(file.kind, after))) return 'the file would no longer parse';
  return undefined;
}

/** Keeps safe suggestions; an unsafe one moves into the message as plain text, saying why. */
export async function vetSuggestions(drafts: FindingDraft[], files: readonly ChangedFile[]): Promise<FindingDraft[]> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  return Promise.all(
    drafts.map(async (draft) => {
      const file = byPath.get(draft.path);
      if (draft.suggestion === undefined || !file) return draft;
      const problem = await suggestionProblem({ file, line: draft.line, endLine: draft.endLine, suggestion: draft.suggestion });
      if (!problem) return draft;
      const { suggestion, ...rest } = draft;
      return { ...rest, message: `${draft.message}\n\nProposed change, shown as text and not as a one-click suggestion because ${problem}:\n\n${fenced(suggestion, 'text')}` };
    }),
  );
}
