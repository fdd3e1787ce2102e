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

/**
 * The Python half of the static engine: parses every changed Python file once, builds its
 * semantic model (plus the repository modules it imports, within bounds) and runs each rule over
 * it. A file that cannot be analysed becomes a note; the others are still reviewed.
 */
export async function analysePython(ctx: AnalyzerContext): Promise<AnalyzerResult> {
  const files = ctx.changeSet.files.filter((f) => f.kind === 'python' && f.content !== null && f.lines.added.size > 0);
  if (!files.length) return { findings: [], status: 'ok' };
  const runtime = await loadPythonRuntime();
  const paths = await ctx.repo.listPaths().catch(() => [] as string[]);
  const project = new Project({ runtime, paths, readText: (p) => ctx.repo.readText(p) });
  const notes: Note[] = [];
  const models: { file: ChangedFile; model: ModuleModel }[] = [];
  for (const file of files) {
    try {
      models.push({ file, model: project.addFile(file.path, file.content!) });
    } catch (err) {
      notes.push({ path: file.path, message: `not analysed: ${(err as Error).message}` });
    }
  }
  for (const { model } of models) await project.preload(model);
  await project.preloadEntries();
  const an = new Analysis(project, () => project.loadedModels());
  // The PostgreSQL parser is only needed to confirm a SELECT * candidate; most reviews never load it.
  if (files.some((f) => STAR_CANDIDATE.test(f.content!))) an.pg = await loadPgParser().catch(() => null);
  const rules = PYTHON_RULES.filter((r) => ctx.settings.rules[r.meta.id] !== 'off');
  const findings: FindingDraft[] = [];
  const contexts = new Map<ModuleModel, FileContext>();
  for (const { file, model } of models) createFileContext({ model, file, an, out: findings, all: contexts });
  let failed = 0;
  for (const { file, model } of models) {
    if (model.file.errorAt >= 0) {
      notes.push({ path: file.path, line: model.file.lineAt(model.file.errorAt), message: 'syntax error: only the parts of the file that parse were analysed' });
    }
    const fileCtx = contexts.get(model)!;
    const isTest = TEST_PATH.test(file.path);
    for (const rule of rules) {
      if (isTest && !rule.inTests) continue;
      try {
        rule.check(fileCtx);
      } catch (err) {
        failed++;
        ctx.log.warn({ err, rule: rule.meta.id, path: file.path }, 'python rule failed');
        notes.push({ path: file.path, message: `rule ${rule.meta.id} could not run: ${(err as Error).message}` });
      }
    }
  }
  return { findings, status: failed ? 'partial' : 'ok', notes };
}
