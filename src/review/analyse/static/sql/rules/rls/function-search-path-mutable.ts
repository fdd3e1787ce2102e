import type { Func } from '../../model/types.js';
import type { SqlReport, SqlRule, SqlRuleContext } from '../support/rule-api.js';
import { bodyOf, firedByService, projectNames, transitionTables, unusedTriggerFunction } from '../support/function-body.js';
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
      // A SECURITY INVOKER function runs with its caller's rights: its search_path is at fault only when a session of
      // another search_path is known to run it (a trigger on a Supabase service's table). One any client can call over
      // the Data API (splinter lint 0011) is not reported: a caller who shadows a name through their own search_path
      // only fools themselves, with their own rights; that is lint-level hardening, not a review finding.
      const trigger = firedByService(ctx.model, func);
      if (!func.securityDefiner && !trigger) continue;
      const stmt = lastChangedDefinition(func);
      if (!stmt || unusedTriggerFunction(ctx.model, func)) continue;
      project ??= projectNames(ctx.model);
      // A body that names only built-ins and qualified objects: an invoker one reads the same under any
      // search_path (not reported); a SECURITY DEFINER one still resolves its
      // operators and built-ins through the caller's search_path (low, as PostgreSQL's docs advise pinning it).
      const names = referencesOf(ctx, func, project);
      // A SQL-standard body (`begin atomic`) was bound, operators included, when it was created.
      // A trigger function's session is the writer's, and no client calls it: with nothing to resolve, nothing to pin.
      if (!names.length && (!func.securityDefiner || bodyOf(func).atomic || func.returnsTrigger)) continue;
      reports.push({
        stmt,
        // `set search_path` goes next to the SECURITY DEFINER option.
        focus: func.securityOption?.stmt === stmt ? func.securityOption.offset : undefined,
        focusIsFix: true,
        severity: func.securityDefiner ? (names.length ? undefined : 'low') : 'medium',
        message: searchPathMessage({ signature: signature(func), definer: func.securityDefiner, names, trigger }),
      });
    }
    return reports;
  },
};

/** What the body resolves through the search_path; a body the parser cannot read falls back to a textual scan. */
function referencesOf(ctx: SqlRuleContext, func: Func, project: ProjectNames): string[] {
  const names = searchPathReferences(ctx.parser, bodyOf(func), project) ?? unqualifiedNames(func.body, project.functions);
  if (!func.returnsTrigger) return names;
  // A trigger's transition tables (`referencing new table as new_rows`) are named in its body like tables: the trigger
  // hands them over, nothing looks them up through the search_path.
  const transition = transitionTables(ctx.model, func);
  return names.filter((n) => !transition.has(n));
}
