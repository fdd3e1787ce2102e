import { analysePython } from '../../../../../src/review/analyse/static/python/index.js';
import { defaultSettings } from '../../../../../src/config/repo-config.js';
import { silentLog } from '../../../../../src/domain/logger.js';
import type { AnalyzerResult } from '../../../../../src/review/analyse/shared/analyzer.js';
import type { FindingDraft } from '../../../../../src/domain/types.js';
import { makeChangeSet, type FileChange } from '../../../../helpers/change-set.js';

/** Runs the Python engine over before/after files (plus unchanged repository files). */
export async function reviewPython(changes: FileChange[], others: Record<string, string> = {}): Promise<AnalyzerResult> {
  const { changeSet, repo } = makeChangeSet(changes, others);
  return analysePython({ changeSet, repo, settings: defaultSettings(), log: silentLog, previous: [] });
}

/** The findings of one rule, as `line: message` pairs are awkward to assert; returns the drafts. */
export async function findingsOf(rule: string, changes: FileChange[], others: Record<string, string> = {}): Promise<FindingDraft[]> {
  const result = await reviewPython(changes, others);
  return result.findings.filter((f) => f.rule === rule);
}

/** Lines (1-based, head) of one rule's findings in a new file. */
export async function linesOf(rule: string, path: string, head: string, others: Record<string, string> = {}, base?: string): Promise<number[]> {
  const found = await findingsOf(rule, [{ path, head, base }], others);
  return found.filter((f) => f.path === path).map((f) => f.line).sort((a, b) => a - b);
}

/** Strips the common indentation of a template literal, so fixtures read naturally. */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n').replace(/\s+$/, '') + '\n';
}

/**
 * A route that hands what the client sends to the helpers under test: what makes their values the client's (a value
 * nothing shows the client controls is the program's own text). Appended after a module, so its lines stay.
 */
export function calledByRoute(params: string, ...calls: string[]): string {
  return ['', 'from fastapi import APIRouter, Depends', 'probe_router = APIRouter()', '', '', '@probe_router.post("/probe")', `async def probe(${params}, db=Depends()):`, ...calls.map((c) => `    ${c}`), ''].join('\n');
}
