import type { AnalyzerContext, AnalyzerResult } from '../../shared/analyzer.js';
import type { ChangedFile, FindingDraft, Note } from '../../../../domain/types.js';
import type { RuleMeta } from '../shared/rule.js';
import { loadPythonRuntime } from '../parsers/python-parser.js';
import { loadPgParser } from '../parsers/pg-parser.js';
import { Analysis } from './knowledge/analysis.js';
import { loadMigrationFacts } from '../migrations/migration-facts.js';
import { Project, shadowingPackage } from './model/project.js';
import type { ClassInfo, FunctionInfo, ModuleModel } from './model/types.js';
import { createFileContext, foldGroups, isTestModule, type FileContext, type FindingGroup, type PythonRule } from './rules/support/rule-api.js';
import { PYTHON_RULES } from './rules/registry.js';
import { usesThatMayRun } from './rules/support/private-loop.js';
import { isAbstract, receiverIsOf } from './rules/support/overrides.js';
import { findKeyUsage } from '../support/key-usage.js';
import { nameReferences, type NameReferences } from '../support/name-references.js';
import { TEST_PATH } from './model/test-modules.js';
import { ormKeyCandidate, unindexedOrmKeys } from './rules/query/orm-unindexed-foreign-key.js';
import { describeInternalErrors, internalErrorNote } from '../shared/internal-error.js';

const STAR_CANDIDATE = /\bselect\s+(distinct\s+)?(\w+\.)?\*/i;
const ASYNC_DEF = /\basync\s+def\b/;
const CORS_SETUP = /\bCORSMiddleware\b/;
const ROUTES = /\bAPIRouter\b|\bFastAPI\(|@\w+\.(get|post|put|patch|delete|api_route)\(/;
const FOREIGN_KEY_CANDIDATE = /ForeignKey\(|foreign_key\s*=/;

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
export function analysePython(ctx: AnalyzerContext): Promise<AnalyzerResult> {
  return analysePythonWith(ctx, PYTHON_RULES);
}

/** The engine with a given rule set (the registry's, or a test's). */
export async function analysePythonWith(ctx: AnalyzerContext, ruleSet: readonly PythonRule[]): Promise<AnalyzerResult> {
  const files = ctx.changeSet.files.filter((f) => f.kind === 'python' && f.content !== null && f.lines.added.size > 0);
  if (!files.length) return { findings: [], status: 'ok' };
  const notes: Note[] = [];
  const { project, parsed } = await loadProject(ctx, files, notes);
  const an = new Analysis(project, () => project.loadedModels());
  // The PostgreSQL parser only confirms SELECT * candidates; most reviews never load it.
  if (files.some((f) => STAR_CANDIDATE.test(f.content!))) an.pg = await loadPgParser().catch(() => null);
  // Models with foreign keys: the migration rule speaks for the keys new migrations declare, and the schema the
  // migrations build says which keys exist at all.
  if (files.some((f) => FOREIGN_KEY_CANDIDATE.test(f.content!))) {
    an.migrations = await loadMigrationFacts(ctx).catch((err) => {
      ctx.log.warn({ err }, 'migrations could not be replayed for the ORM foreign-key rule');
      return null;
    });
    if (ctx.settings.rules['orm-unindexed-foreign-key'] !== 'off') {
      // A model the key scan cannot read is left to the rule, which names its own failure.
      const candidates = parsed.flatMap(({ model }) => {
        try {
          return unindexedOrmKeys(model).map(ormKeyCandidate);
        } catch {
          return [];
        }
      });
      an.keyUsage = await findKeyUsage(ctx.repo, candidates).catch(() => null);
    }
  }
  // Blocking calls in a function nothing calls stall no request: the async rules ask where names are used.
  // The CORS rule asks whether any code authenticates by cookie, the service-role rule (on routes) whether any runs a query as the user.
  // The ORM key rule asks whether a model's module is used at all.
  // A function that builds SQL is judged by the text its callers hand it.
  const wanted = (t: string) => ASYNC_DEF.test(t) || CORS_SETUP.test(t) || ROUTES.test(t) || FOREIGN_KEY_CANDIDATE.test(t) || (SQL_SINK.test(t) && BUILT_TEXT.test(t));
  if (files.some((f) => wanted(f.content!))) an.nameRefs = await nameReferences(ctx.repo);
  // Who runs a changed coroutine (a route, or only a worker's `asyncio.run`) is known when its callers are loaded.
  if (an.nameRefs) await loadCoroutineCallers(project, an.nameRefs, parsed.map((p) => p.model));
  // What an abstract method called on its own class's type runs is decided by the subclasses that implement it.
  if (an.nameRefs) await loadImplementations(project, an.nameRefs, parsed.map((p) => p.model), (p) => ctx.repo.readText(p));
  return runRules({ ctx, parsed, an, notes, ruleSet });
}

const MAX_CALLER_SEARCH_FILES = 40;

/** A function that formats text into a query or a shell command it runs: whose text that is, its callers decide. */
function buildsSql(model: ModuleModel, fn: FunctionInfo): boolean {
  const text = model.file.text(fn.node);
  return SQL_SINK.test(text) && BUILT_TEXT.test(text);
}

const SQL_SINK = /\b(execute|executemany|text|fetch|fetchrow|fetchval|fetch_all|fetch_one|rpc)\s*\(|\b(subprocess|os)\.\w+\(|create_subprocess_shell\(/;
const BUILT_TEXT = /\bf["']|\.format\(|["']\s*%\s*[\w(]|["']\s*\+\s*\w/;

/**
 * Loads the modules that use the plain (undecorated) coroutines of the changed files by name, and theirs, two
 * levels up and a dozen files at most: where a coroutine runs is decided by its callers (see private-loop.ts,
 * one-off.ts), and so is whose text a function that builds SQL formats (sql-string-built). A method's callers are the modules that call it as an attribute and name its class or a base
 * of it (`builder = AppBuilder(cfg)` then `await builder.build()`): a `.build()` of some other object elsewhere
 * does not spend the budget.
 */
async function loadCoroutineCallers(project: Project, refs: NameReferences, changed: ModuleModel[]): Promise<void> {
  // A change this wide holds most of its callers already, and a name search per coroutine would cost more than the
  // dozen files it may add.
  if (changed.length > MAX_CALLER_SEARCH_FILES) return;
  let frontier = changed;
  let budget = 12;
  for (let level = 0; level < 2 && frontier.length && budget > 0; level++) {
    const paths = new Set<string>();
    const owners = new Map<ClassInfo, Set<string>>();
    for (const model of frontier) {
      for (const fn of model.functions) {
        if (fn.decorators.length || fn.outer || !(fn.isAsync || buildsSql(model, fn))) continue;
        for (const use of usesThatMayRun(refs, fn)) {
          if (!use.count || !use.path.endsWith('.py') || TEST_PATH.test(use.path)) continue;
          if (!fn.cls || classNamedIn(refs, fn.cls, owners).has(use.path)) paths.add(use.path);
        }
      }
    }
    frontier = await project.preloadCallers(paths, budget);
    budget -= frontier.length;
  }
}

const MAX_IMPLEMENTATION_FILES = 8;

/**
 * Loads the modules that subclass a class whose abstract method the changed files call on the class's own type
 * (`self.request(...)` in the base class, `client.request(...)` on a parameter typed with it): the call runs one
 * of their overrides (see overrides.ts, blocking-helpers.ts). Only the files that name the class in a `class`
 * statement's bases, a few at most, without following their imports beyond the packages they import from.
 */
async function loadImplementations(project: Project, refs: NameReferences, changed: ModuleModel[], readText: (path: string) => Promise<string | null>): Promise<void> {
  // A change this wide holds its subclasses already.
  if (changed.length > MAX_CALLER_SEARCH_FILES) return;
  const abstractNames = new Set<string>();
  for (const m of project.loadedModels()) for (const c of m.classes) for (const f of c.methods.values()) if (isAbstract(f)) abstractNames.add(f.name);
  if (!abstractNames.size) return;
  // A throwaway analysis: the run's own memoises what the modules loaded here will change.
  const probe = new Analysis(project, () => project.loadedModels());
  const bases = new Set<ClassInfo>();
  for (const model of changed) {
    for (const call of model.calls) {
      if (!call.fn || !abstractNames.has(call.name)) continue;
      const target = probe.calledFunction(call);
      if (target?.cls && isAbstract(target) && receiverIsOf(probe, call, target.cls)) bases.add(target.cls);
    }
  }
  const paths = new Set<string>();
  for (const cls of bases) {
    const file = cls.module.file;
    const subclassing = new RegExp(`^[ \\t]*class\\s+\\w+\\s*\\([^)]*\\b${cls.name}\\b`, 'm');
    for (const use of refs.usesOf(cls.name, file.path, cls.node.start, cls.node.end)) {
      if (paths.size >= MAX_IMPLEMENTATION_FILES) break;
      if (!use.path.endsWith('.py') || TEST_PATH.test(use.path) || project.modelAt(use.path) || paths.has(use.path)) continue;
      const text = await readText(use.path).catch(() => null);
      if (text && subclassing.test(text)) paths.add(use.path);
    }
  }
  if (paths.size) await project.preloadCallers(paths, MAX_IMPLEMENTATION_FILES);
}

/** The files that name a class or one of the bases it is written with (`class GitHubSource(BaseSource)`). */
function classNamedIn(refs: NameReferences, cls: ClassInfo, memo: Map<ClassInfo, Set<string>>): Set<string> {
  let files = memo.get(cls);
  if (!files) {
    const file = cls.module.file;
    const names = [cls.name, ...cls.bases.map((b) => file.text(b).replace(/\[[\s\S]*$/, '').replace(/^.*\./, ''))].filter((n) => /^\w+$/.test(n));
    files = new Set(names.flatMap((n) => refs.usesOf(n, file.path, cls.node.start, cls.node.end).map((u) => u.path)));
    memo.set(cls, files);
  }
  return files;
}

/** Parses the changed files, then the repository modules they import and the app entry modules. */
async function loadProject(ctx: AnalyzerContext, files: ChangedFile[], notes: Note[]): Promise<{ project: Project; parsed: Parsed[] }> {
  const runtime = await loadPythonRuntime();
  const paths = await ctx.repo.listPaths().catch(() => [] as string[]);
  const project = new Project({ runtime, paths, readText: (p) => ctx.repo.readText(p) });
  const parsed: Parsed[] = [];
  const listed = new Set(paths);
  for (const file of files) {
    const pkg = shadowingPackage(file.path, listed);
    if (pkg) {
      notes.push({ path: file.path, message: `not reviewed: the package \`${pkg}\` shadows this module, so Python never imports it` });
      continue;
    }
    try {
      const model = project.addFile(file.path, file.content!);
      parsed.push({ file, model });
      if (model.file.errorAt >= 0) {
        notes.push({ path: file.path, line: model.file.lineAt(model.file.errorAt), message: 'syntax error: only the parts of the file that parse were analysed' });
      }
    } catch (err) {
      ctx.log.warn({ err, path: file.path }, 'python file could not be modelled');
      notes.push(internalErrorNote(file.path, err));
    }
  }
  await project.preload(parsed.map((p) => p.model));
  await project.preloadEntries();
  for (const f of project.failures) {
    ctx.log.warn({ err: f.error, path: f.path }, 'imported python module could not be modelled');
    notes.push(internalErrorNote(f.path, f.error, 'imported by a changed file; resolution through it is lost'));
  }
  return { project, parsed };
}

/**
 * Runs every rule on every changed file. Each (file, rule) pair is isolated: an internal error costs
 * that rule on that file only, is named in the notes and makes the run partial, never clean.
 */
function runRules(params: { ctx: AnalyzerContext; parsed: Parsed[]; an: Analysis; notes: Note[]; ruleSet: readonly PythonRule[] }): AnalyzerResult {
  const { ctx, parsed, an, notes } = params;
  const rules = params.ruleSet.filter((r) => ctx.settings.rules[r.meta.id] !== 'off');
  const findings: FindingDraft[] = [];
  const contexts = new Map<ModuleModel, FileContext>();
  const groups = new Map<FindingDraft, FindingGroup>();
  for (const { file, model } of parsed) createFileContext({ model, file, an, out: findings, all: contexts, groups });
  for (const { file, model } of parsed) {
    if (ctx.signal?.aborted) return { findings: foldGroups(findings, groups), status: 'partial', detail: `stopped before ${file.path}: the review was cancelled`, notes };
    const isTest = isTestModule(model);
    for (const rule of rules) {
      if (isTest && !rule.inTests) continue;
      try {
        rule.check(contexts.get(model)!);
      } catch (err) {
        ctx.log.warn({ err, rule: rule.meta.id, path: file.path }, 'python rule failed');
        notes.push(internalErrorNote(file.path, err, `rule ${rule.meta.id}`));
      }
    }
  }
  const detail = describeInternalErrors(notes);
  return { findings: foldGroups(findings, groups), status: detail ? 'partial' : 'ok', detail, notes };
}
