import { constTruth } from '../../ast/expr.js';
import { as, constValue, stringsOf, type PgNode } from '../../ast/node.js';
import { relationName } from '../../ast/names.js';
import type { Policy, SchemaModel } from '../../model/types.js';
import type { SqlReport, SqlRule } from '../support/rule-api.js';
import { code, listOf } from '../support/format.js';
import { appliesToApiRoles, changedPolicies } from '../support/policies.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

/**
 * A public Storage bucket (inserted into storage.buckets with `public = true`) and a permissive
 * SELECT or ALL policy on storage.objects, for the API roles, that admits every object of it: the
 * files of a public bucket are served by URL without any policy, so what this policy adds is that
 * clients can list every object's name and path in the bucket.
 */
export const storagePublicBucketListable: SqlRule = {
  meta: ruleMeta('storage-public-bucket-listable'),
  check(ctx) {
    const reports: SqlReport[] = [];
    let buckets: Set<string> | undefined;
    for (const { policy, stmt } of changedPolicies(ctx, { external: true })) {
      if (policy.table.name.key !== 'storage.objects' || !policy.permissive || !['select', 'all'].includes(policy.command) || !appliesToApiRoles(policy)) continue;
      buckets ??= publicBuckets(ctx.model);
      const listed = listedBuckets(policy, buckets);
      if (!listed.length) continue;
      const which = listed.length === 1 ? `bucket ${code(listed[0])}` : `buckets ${listOf(listed.map(code))}`;
      reports.push({
        stmt,
        message:
          `Policy "${policy.name}" on \`storage.objects\` (${policy.command} for ${policy.roles.join(', ')}) admits every object of the public ` +
          `${which}. A public bucket serves its files by URL without any policy, so what this policy adds is that ` +
          `${policy.roles.join(', ')} can list the name and path of every file in it, other users' included. Drop it if clients only ` +
          `fetch files by URL, or scope it to what a caller may list, e.g. ` +
          `\`using (bucket_id = '${listed[0]}' and (storage.foldername(name))[1] = (select auth.uid())::text)\`.`,
      });
    }
    return reports;
  },
};

/** The ids of the buckets the migrations insert into storage.buckets with `public` true. */
function publicBuckets(model: SchemaModel): Set<string> {
  const out = new Set<string>();
  for (const stmt of model.statements) {
    const insert = stmt.tag === 'InsertStmt' ? as(stmt.node, 'InsertStmt') : undefined;
    if (!insert || relationName(insert.relation, stmt.defaultSchema)?.key !== 'storage.buckets') continue;
    const cols = (insert.cols ?? []).map((c) => as(c, 'ResTarget')?.name);
    const id = cols.indexOf('id');
    const pub = cols.indexOf('public');
    if (id < 0 || pub < 0) continue;
    for (const row of as(insert.selectStmt, 'SelectStmt')?.valuesLists ?? []) {
      const items = as(row, 'List')?.items ?? [];
      const value = constValue(items[id]);
      if (typeof value === 'string' && constTruth(items[pub]) === true) out.add(value);
    }
  }
  return out;
}

/**
 * The public buckets whose every object the policy admits: its USING is `true` (all of them), or
 * only compares bucket_id with one (`bucket_id = 'avatars'`); none when it also narrows the rows
 * (a path prefix, the owner's folder) or names no public bucket.
 */
function listedBuckets(policy: Policy, buckets: ReadonlySet<string>): string[] {
  if (!policy.using || !buckets.size) return [];
  if (constTruth(policy.using) === true) return [...buckets];
  const ids = conjuncts(policy.using).map(bucketCompared);
  if (ids.some((id) => id === undefined)) return [];
  return [...new Set(ids as string[])].filter((id) => buckets.has(id));
}

function conjuncts(node: PgNode): PgNode[] {
  const bool = as(node, 'BoolExpr');
  return bool?.boolop === 'AND_EXPR' ? (bool.args ?? []).flatMap(conjuncts) : [node];
}

/** 'avatars' for `bucket_id = 'avatars'` (either side), else undefined. */
function bucketCompared(node: PgNode): string | undefined {
  const op = as(node, 'A_Expr');
  if (op?.kind !== 'AEXPR_OP' || stringsOf(op.name)[0] !== '=') return undefined;
  const column = (n: PgNode | undefined) => stringsOf(as(n, 'ColumnRef')?.fields).at(-1) === 'bucket_id';
  const text = (n: PgNode | undefined) => {
    const v = constValue(as(n, 'TypeCast')?.arg ?? n);
    return typeof v === 'string' ? v : undefined;
  };
  if (column(op.lexpr)) return text(op.rexpr);
  if (column(op.rexpr)) return text(op.lexpr);
  return undefined;
}
