import type { Func } from '../../model/types.js';
import type { SqlReport, SqlRule, SqlRuleContext } from '../support/rule-api.js';
import { bodyOf, firedByService, projectNames } from '../support/function-body.js';
import { unqualifiedNames } from '../support/unqualified-names.js';
import { searchPathMessage, searchPathReferences, type ProjectNames } from '../support/search-path-references.js';
import { lastChangedDefinition, signature } from '../support/functions.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const functionSearchPathMutable: SqlRule = {
  meta: ruleMeta('function-search-path-mutable'),
  check(ctx) {
    const reports: SqlReport[] = [];
    let project: ProjectNames | undefined;
    for (const func of ctx.model.functions.values()) {
      if (func.dropped || func.searchPathSet) continue;
      // A SECURITY INVOKER function runs with its caller's rights: its search_path is only at fault when
      // a session of another search_path is known to run it (a trigger on a Supabase service's table).
      const trigger = firedByService(ctx.model, func);
      if (!func.securityDefiner && !trigger) continue;
      const stmt = lastChangedDefinition(func);
      if (!stmt) continue;
      project ??= projectNames(ctx.model);
      // A body that names only built-ins and qualified objects reads the same under any search_path:
      // pinning it is lint-level hygiene, not a finding.
      const names = referencesOf(ctx, func, project);
      if (!names.length) continue;
      reports.push({
        stmt,
        // `set search_path` goes next to the SECURITY DEFINER option.
        focus: func.securityOption?.stmt === stmt ? func.securityOption.offset : undefined,
        focusIsFix: true,
        severity: func.securityDefiner ? undefined : 'medium',
        message: searchPathMessage({ signature: signature(func), definer: func.securityDefiner, names, trigger }),
      });
    }
    return reports;
  },
};

/** What the body resolves through the search_path; a body the parser cannot read falls back to a textual scan. */
function referencesOf(ctx: SqlRuleContext, func: Func, project: ProjectNames): string[] {
  return searchPathReferences(ctx.parser, bodyOf(func), project) ?? unqualifiedNames(func.body, project.functions);
}
