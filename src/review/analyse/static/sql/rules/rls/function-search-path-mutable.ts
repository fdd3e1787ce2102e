import type { SqlReport, SqlRule } from '../../rule-api.js';
import { code } from '../support/format.js';
import { unqualifiedNames } from '../support/unqualified-names.js';
import { isCallableRpc, lastChangedDefinition, signature } from '../support/functions.js';
import { ruleMeta } from '../../../catalog/index.js';

export const functionSearchPathMutable: SqlRule = {
  meta: ruleMeta('function-search-path-mutable'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const func of ctx.model.functions.values()) {
      if (func.dropped || !func.securityDefiner || func.searchPathSet) continue;
      const stmt = lastChangedDefinition(func);
      if (!stmt) continue;
      const unqualified = unqualifiedNames(func.body, new Set([...ctx.model.functions.values()].filter((f) => !f.dropped).map((f) => f.name.name)));
      // Every table and project function the body names is schema-qualified: only built-ins and
      // operators are left, which pg_catalog resolves first unless a caller's schema offers a closer
      // overload. Still worth pinning (projects fix it when the Supabase linter asks), at low severity.
      const hygiene = !!func.body && !unqualified.length;
      // security-definer-function-exposed stays quiet on a function reported here, so say both things once.
      const exposed = isCallableRpc(ctx, func)
        ? ` It also sits in the exposed ${code(func.name.schema)} schema where clients can call it as an RPC: move it ` +
          'to a private schema or `revoke execute` from public, anon and authenticated.'
        : '';
      reports.push({
        stmt,
        // `set search_path` goes next to the SECURITY DEFINER option.
        focus: func.securityOption?.stmt === stmt ? func.securityOption.offset : undefined,
        focusIsFix: true,
        severity: hygiene ? 'low' : undefined,
        message:
          `SECURITY DEFINER function ${code(signature(func))} has no \`set search_path\`, so unqualified names in its body ` +
          (unqualified.length ? `(${unqualified.slice(0, 4).map(code).join(', ')}) ` : '') +
          `resolve through the caller's search_path while it runs with its owner's rights. Add \`set search_path = ''\` ` +
          `and qualify every table (e.g. \`public.notes\`).${exposed}`,
      });
    }
    return reports;
  },
};
