import type { AnalyzerContext, AnalyzerResult } from '../../analyzer.js';
import type { ChangedFile, FindingDraft, Note } from '../../../types.js';
import type { RuleMeta } from '../rule.js';
import { loadPythonRuntime } from './parser.js';
import { loadPgParser } from '../sql/pg-parser.js';
import { Analysis } from './model/analysis.js';
import { Project } from './model/project.js';
import type { ModuleModel } from './model/types.js';
import { createFileContext, TEST_PATH, type FileContext } from './rules/rule-api.js';
import { PYTHON_RULES } from './rules/registry.js';

const STAR_CANDIDATE = /\bselect\s+(distinct\s+)?(\w+\.)?\*/i;

/** Every Python rule's metadata. */
export const pythonRules: RuleMeta[] = PYTHON_RULES.map((r) => r.meta);

interface Parsed {
  file: ChangedFile;
  model: ModuleModel;
}

/**
 * The Python half of the static engine: parses every changed Python file once, builds its
 * semantic model (plus the repository modules it imports, within bounds) and runs each rule over
 * it. A file that cannot be analysed becomes a note; the others are still reviewed.
 */
export async function analysePython(ctx: AnalyzerContext): Promise<AnalyzerResult> {
  const files = ctx.changeSet.files.filter((f) => f.kind === 'python' && f.content !== null && f.lines.added.size > 0);
  if (!files.length) return { findings: [], status: 'ok' };
  const notes: Note[] = [];
  const { project, parsed } = await loadProject(ctx, files, notes);
  const an = new Analysis(project, () => project.loadedModels());
  // The PostgreSQL parser only confirms SELECT * candidates; most reviews never load it.
  if (files.some((f) => STAR_CANDIDATE.test(f.content!))) an.pg = await loadPgParser().catch(() => null);
  return runRules({ ctx, parsed, an, notes });
}

/** Parses the changed files, then the repository modules they import and the app entry modules. */
async function loadProject(ctx: AnalyzerContext, files: ChangedFile[], notes: Note[]): Promise<{ project: Project; parsed: Parsed[] }> {
  const runtime = await loadPythonRuntime();
  const paths = await ctx.repo.listPaths().catch(() => [] as string[]);
  const project = new Project({ runtime, paths, readText: (p) => ctx.repo.readText(p) });
  const parsed: Parsed[] = [];
  for (const file of files) {
    try {
      const model = project.addFile(file.path, file.content!);
      parsed.push({ file, model });
      if (model.file.errorAt >= 0) {
        notes.push({ path: file.path, line: model.file.lineAt(model.file.errorAt), message: 'syntax error: only the parts of the file that parse were analysed' });
      }
    } catch (err) {
      notes.push({ path: file.path, message: `not analysed: ${(err as Error).message}` });
    }
  }
  for (const { model } of parsed) await project.preload(model);
  await project.preloadEntries();
  return { project, parsed };
}

function runRules(params: { ctx: AnalyzerContext; parsed: Parsed[]; an: Analysis; notes: Note[] }): AnalyzerResult {
  const { ctx, parsed, an, notes } = params;
  const rules = PYTHON_RULES.filter((r) => ctx.settings.rules[r.meta.id] !== 'off');
  const findings: FindingDraft[] = [];
  const contexts = new Map<ModuleModel, FileContext>();
  for (const { file, model } of parsed) createFileContext({ model, file, an, out: findings, all: contexts });
  let failed = 0;
  for (const { file, model } of parsed) {
    if (ctx.signal?.aborted) return { findings, status: 'partial', detail: `stopped before ${file.path}: the review was cancelled`, notes };
    const isTest = TEST_PATH.test(file.path);
    for (const rule of rules) {
      if (isTest && !rule.inTests) continue;
      try {
        rule.check(contexts.get(model)!);
      } catch (err) {
        // One rule failing on one file must not cost the rest of the review.
        failed++;
        ctx.log.warn({ err, rule: rule.meta.id, path: file.path }, 'python rule failed');
        notes.push({ path: file.path, message: `rule ${rule.meta.id} could not run: ${(err as Error).message}` });
      }
    }
  }
  return { findings, status: failed ? 'partial' : 'ok', notes };
}
