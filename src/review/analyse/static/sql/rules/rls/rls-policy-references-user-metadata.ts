import { callName } from '../../ast/expr.js';
import { listName } from '../../ast/names.js';
import { as, constValue, stringsOf, type PgNode } from '../../ast/node.js';
import { walk } from '../../ast/walk.js';
import { findFunctions } from '../../model/store.js';
import type { Policy, SchemaModel } from '../../model/types.js';
import type { SqlReport, SqlRule } from '../support/rule-api.js';
import { code } from '../support/format.js';
import { changedPolicies, clauseFocus } from '../support/policies.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

const METADATA = /\b(raw_)?user_meta(data|_data)\b/i;

export const rlsPolicyReferencesUserMetadata: SqlRule = {
  meta: ruleMeta('rls-policy-references-user-metadata'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const { policy, stmt } of changedPolicies(ctx, { external: true })) {
      const direct = metadataReference(policy);
      const viaFunction = direct ? undefined : functionReadingMetadata(ctx.model, policy);
      if (!direct && !viaFunction) continue;
      const how = viaFunction ? `calls ${code(viaFunction)}, which reads user_metadata,` : 'reads user_metadata';
      reports.push({
        stmt,
        focus: direct && clauseFocus(stmt, direct.clause) !== undefined ? direct.offset : undefined,
        message:
          `Policy "${policy.name}" on ${code(policy.table.name.key)} ${how} to decide access, but every user can edit ` +
          `their own user_metadata with \`supabase.auth.updateUser()\` and grant themselves this access. Read the role ` +
          `from app_metadata (\`auth.jwt() -> 'app_metadata'\`) or from a roles table the user cannot write.`,
      });
    }
    return reports;
  },
};

/** A user_metadata reference in the policy's clauses: its byte offset and the clause holding it. */
function metadataReference(policy: Policy): { offset: number; clause: PgNode } | undefined {
  for (const clause of [policy.using, policy.withCheck]) {
    let offset: number | undefined;
    walk(clause, (v) => {
      if (offset !== undefined) return false;
      const value = v.tag === 'A_Const' ? constValue(v.node) : undefined;
      const column = v.tag === 'ColumnRef' ? stringsOf(as(v.node, 'ColumnRef')?.fields).join('.') : undefined;
      if ((typeof value === 'string' && METADATA.test(value)) || (column && METADATA.test(column))) {
        offset = (v.body.location as number | undefined) ?? -1;
      }
    });
    if (clause && offset !== undefined) return { offset, clause };
  }
  return undefined;
}

/** The name of a function the policy calls whose body reads user_metadata. */
function functionReadingMetadata(model: SchemaModel, policy: Policy): string | undefined {
  const stmt = policy.definedBy[policy.definedBy.length - 1];
  let found: string | undefined;
  const visit = (expr: PgNode | undefined) =>
    walk(expr, (v) => {
      if (found || v.tag !== 'FuncCall') return;
      const name = listName(as(v.node, 'FuncCall')?.funcname, stmt.defaultSchema);
      if (!name || callName(v.node)?.startsWith('auth.')) return;
      if (findFunctions(model, name).some((f) => METADATA.test(f.body))) found = name.key;
    });
  visit(policy.using);
  visit(policy.withCheck);
  return found;
}
