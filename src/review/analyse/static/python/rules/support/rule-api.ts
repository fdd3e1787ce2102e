import type { ChangedFile, FindingDraft, Severity } from '../../../../../../domain/types.js';
import type { RuleMeta, StaticRule } from '../../../shared/rule.js';
import type { PyNode } from '../../syntax/py-node.js';
import type { Analysis } from '../../knowledge/analysis.js';
import type { ModuleModel } from '../../model/types.js';

/** One Python rule: the static rule shape over one changed file's model; it reports through the context. */
export interface PythonRule extends StaticRule<FileContext> {
  /** Also run on test code (tests legitimately sleep, disable TLS, decode fake tokens...). */
  inTests?: boolean;
}

export { TEST_PATH, isTestModule } from '../../model/test-modules.js';

export interface ReportParams {
  /** The offending expression or statement; the finding goes on its first added line. */
  node: PyNode;
  message: string;
  /** Full replacement text of the reported line (indentation preserved), for mechanical fixes. */
  suggestion?: (lineText: string, line: number) => string | null;
  /** Overrides the title of the rule. */
  title?: string;
  /** Overrides the rule's default severity for this finding (the same rule can be worse in one shape). */
  severity?: Severity;
  /**
   * One cause behind findings in several places (a project helper that blocks, called from many coroutines): the
   * review keeps the first finding of the group and names the other places in it (see foldGroups).
   */
  group?: FindingGroup;
}

/** What a group of findings shares: a key, and the code the fix belongs in (`` `send_telemetry()` ``). */
export interface FindingGroup {
  key: string;
  fixIn: string;
}

export interface FileContext {
  model: ModuleModel;
  file: ChangedFile;
  an: Analysis;
  /** True when some line of the node was added by the change. */
  touches(node: PyNode): boolean;
  report(rule: RuleMeta, params: ReportParams): void;
  /** The context of another changed module (findings that belong on its lines), or null. */
  contextOf(module: ModuleModel): FileContext | null;
}

/** Builds the per-file context; findings land in `out`. */
export function createFileContext(params: {
  model: ModuleModel;
  file: ChangedFile;
  an: Analysis;
  out: FindingDraft[];
  /** Every changed module's context, shared by all of them. */
  all?: Map<ModuleModel, FileContext>;
  /** The group of each grouped finding, for the whole review (see foldGroups). */
  groups?: Map<FindingDraft, FindingGroup>;
}): FileContext {
  const { model, file, an, out } = params;
  const added = file.lines.added;
  const seen = new Set<string>();
  const lineOf = (n: PyNode) => model.file.startLine(n);
  const reportLine = (node: PyNode): number | null => {
    const first = lineOf(node);
    if (added.has(first)) return first;
    const last = model.file.endLine(node);
    for (let l = first + 1; l <= last; l++) if (added.has(l)) return l;
    return null;
  };
  const ctx: FileContext = {
    model,
    file,
    an,
    contextOf: (module) => params.all?.get(module) ?? null,
    touches: (node) => reportLine(node) !== null,
    report(rule, p) {
      // A node from another module (a helper's body) has no line in this file's diff.
      let root = p.node;
      while (root.parent) root = root.parent;
      if (root !== model.file.root) return;
      const line = reportLine(p.node);
      if (line === null) return;
      const key = `${rule.id}:${line}`;
      if (seen.has(key)) return;
      seen.add(key);
      const draft: FindingDraft = {
        path: file.path, line, category: rule.category, severity: p.severity ?? rule.severity, rule: rule.id,
        title: p.title ?? rule.title, message: p.message, source: 'static',
      };
      const suggestion = p.suggestion?.(model.file.lineText(line), line);
      if (suggestion != null && suggestion !== model.file.lineText(line)) draft.suggestion = suggestion;
      out.push(draft);
      if (p.group) params.groups?.set(draft, p.group);
    },
  };
  params.all?.set(model, ctx);
  return ctx;
}

/**
 * Folds each group of two or more findings into its first (by path, then line): one comment where the cause shows,
 * naming every other place by file and line, instead of the same advice on each of them. Returns the findings that
 * remain, in order.
 */
export function foldGroups(findings: readonly FindingDraft[], groups: ReadonlyMap<FindingDraft, FindingGroup>): FindingDraft[] {
  const byKey = new Map<string, FindingDraft[]>();
  for (const f of findings) {
    const g = groups.get(f);
    if (g) byKey.set(g.key, [...(byKey.get(g.key) ?? []), f]);
  }
  const folded = new Set<FindingDraft>();
  for (const members of byKey.values()) {
    if (members.length < 2) continue;
    const [first, ...others] = [...members].sort((a, b) => (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1));
    const byFile = new Map<string, number[]>();
    for (const f of others) byFile.set(f.path, [...(byFile.get(f.path) ?? []), f.line]);
    const places = [...byFile].map(([path, lines]) => `in \`${path}\` at line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}`);
    first.message +=
      ` The same call blocks in ${others.length} other place${others.length > 1 ? 's' : ''} of this change ` +
      `(${places.join('; ')}): one fix in ${groups.get(first)!.fixIn}, or in what it calls, covers them all.`;
    for (const f of others) folded.add(f);
  }
  return findings.filter((f) => !folded.has(f));
}
