import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, outerParent, walk, type PyNode } from '../../syntax/py-node.js';
import type { FunctionInfo } from '../../model/types.js';
import { refsOf } from '../../model/refs.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('authz-trusts-user-metadata');

const DISPLAY_KEY = /^(full_?name|name|display_?name|first_?name|last_?name|avatar(_url)?|picture|locale|language|lang|theme|timezone|tz|bio|phone|nickname|username|email)$/i;
const DECISION_PARENTS = new Set(['comparison_operator', 'boolean_operator', 'not_operator', 'if_statement', 'elif_clause', 'assert_statement', 'conditional_expression', 'while_statement']);

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const fn of ctx.model.functions) {
      if (!fn.body || !ctx.model.file.text(fn.body).includes('user_metadata')) continue;
      walk(fn.body, (n) => {
        if (n.type === 'function_definition' || n.type === 'class_definition') return false;
        if (!isMetadataAccess(ctx, n) || !ctx.touches(n) || !fromSupabaseAuth(ctx, n, fn)) return true;
        const access = widen(n);
        const key = keyOf(ctx, access);
        if (key && DISPLAY_KEY.test(key)) return false;
        if (!decides(ctx, fn, access)) return false;
        ctx.report(meta, {
          node: access,
          message:
            `This authorisation decision reads \`user_metadata${key ? `.${key}` : ''}\`, which the user can set on their own ` +
            'account (auth.update_user): anyone can claim the role. Use `app_metadata` (server-controlled) or a roles table.',
        });
        return false;
      });
    }
  },
};

function isMetadataAccess(ctx: FileContext, n: PyNode): boolean {
  if (n.type === 'attribute') return ctx.model.file.text(fieldOf(n, 'attribute')!) === 'user_metadata';
  if (n.type === 'string') return /^["']user_metadata["']$/.test(ctx.model.file.text(n)) && n.parent?.type !== 'expression_statement';
  return false;
}

/** Where a Supabase identity comes from: JWT claims, a decoded token, a session or auth user. */
const IDENTITY_NAME = /claims|payload|token|jwt|decoded|session|user|identity|auth|principal/i;
const SUPABASE_MODULE = /^(supabase|gotrue|supabase_auth|postgrest)(\.|$)/;

/**
 * True when the metadata read is Supabase's `user_metadata` (on an auth user, a session or JWT claims),
 * not a field of the app's own records or a dict it built (`event.user_metadata`, `state["user_metadata"]`).
 */
function fromSupabaseAuth(ctx: FileContext, n: PyNode, fn: FunctionInfo): boolean {
  const file = ctx.model.file;
  if (n.type === 'string') {
    // claims["user_metadata"]: the dict it is read from must be an identity, not app state.
    const sub = n.parent?.type === 'subscript' ? n.parent : n.parent?.type === 'argument_list' ? n.parent.parent : null;
    const owner = sub?.type === 'subscript' ? fieldOf(sub, 'value') : sub?.type === 'call' ? fieldOf(fieldOf(sub, 'function') ?? sub, 'object') : null;
    return !!owner && IDENTITY_NAME.test(file.text(owner));
  }
  const base = fieldOf(n, 'object');
  const v = base ? ctx.an.infer.valueOf(base, fn.scope) : null;
  // The app's own class: Supabase's user shape carries app_metadata beside user_metadata.
  if (v?.t === 'obj') return ctx.an.fieldNames(v.cls).includes('app_metadata');
  if (v?.t === 'inst') return v.kind.startsWith('sb.');
  if (base && IDENTITY_NAME.test(file.text(base))) return true;
  return [...ctx.model.imports.values()].some((imp) => SUPABASE_MODULE.test(imp.module)) || /jwt|supabase|gotrue/i.test(file.text(fn.node));
}

/** Grows `x.user_metadata` to `x.user_metadata.get("role")` / `x.user_metadata["role"]`. */
function widen(n: PyNode): PyNode {
  let cur = n.type === 'string' ? (n.parent?.type === 'argument_list' ? n.parent.parent ?? n : n.parent ?? n) : n;
  for (;;) {
    const p = cur.parent;
    if (!p) return cur;
    if (p.type === 'subscript' && p.children[0] === cur) cur = p;
    else if (p.type === 'attribute' && p.children[0] === cur && p.parent?.type === 'call') cur = p.parent;
    else if (p.type === 'attribute' && p.children[0] === cur) cur = p;
    else return cur;
  }
}

function keyOf(ctx: FileContext, access: PyNode): string | null {
  const m = /user_metadata["']?\]?\s*(?:\.get\(\s*|\[\s*|\.)["']?(\w+)/.exec(ctx.model.file.text(access));
  return m ? m[1] : null;
}

/** Used in a condition / comparison, or assigned to a name that is. */
function decides(ctx: FileContext, fn: FunctionInfo, access: PyNode): boolean {
  const p = outerParent(access);
  if (p && DECISION_PARENTS.has(p.type)) return !onlyNotes(ctx, fn, access);
  if (p?.type === 'assignment') {
    const left = fieldOf(p, 'left');
    const name = left?.type === 'identifier' ? ctx.model.file.text(left) : null;
    return !!name && refsOf(fn, name).some((r) => r.start > access.end && DECISION_PARENTS.has(outerParent(r)?.type ?? ''));
  }
  if (p?.type === 'return_statement') return /role|admin|permission|scope|authori|require|guard|access/i.test(fn.name);
  return false;
}

const NOTE_CALL = /^(print|(\w+\.)*(debug|info|warning|warn|error|exception|log|msg))$/;

/**
 * True when the `if` whose condition holds the access only takes notes: its branch logs, or sets
 * names that are only ever logged, and there is no `else` / `elif` (`if "invited_to_org" in
 * meta: org = meta["invited_to_org"]; print(...)`). Nothing is allowed or refused on the value.
 */
function onlyNotes(ctx: FileContext, fn: FunctionInfo, access: PyNode): boolean {
  let stmt: PyNode | null = access.parent;
  while (stmt && stmt.type !== 'if_statement' && stmt !== fn.body) stmt = stmt.parent;
  const condition = stmt?.type === 'if_statement' ? fieldOf(stmt, 'condition') : null;
  if (!stmt || !condition || access.start < condition.start || access.end > condition.end) return false;
  if (stmt.children.some((c) => c.type === 'else_clause' || c.type === 'elif_clause')) return false;
  const body = fieldOf(stmt, 'consequence');
  if (!body) return false;
  const file = ctx.model.file;
  return body.children.every((st) => {
    if (st.type === 'comment') return true;
    if (st.type !== 'expression_statement') return false;
    const e = st.children[0];
    if (e?.type === 'call') return NOTE_CALL.test(file.text(fieldOf(e, 'function') ?? e));
    if (e?.type !== 'assignment') return false;
    const left = fieldOf(e, 'left');
    if (left?.type !== 'identifier') return false;
    const right = fieldOf(e, 'right');
    if (right?.type === 'call' && !/\.get$/.test(file.text(fieldOf(right, 'function') ?? right))) return false;
    return refsOf(fn, file.text(left)).every((r) => r.start <= e.end || insideNote(file, r));
  });
}

/** The name is only read inside a print / log call (its message or arguments). */
function insideNote(file: FileContext['model']['file'], ref: PyNode): boolean {
  for (let n: PyNode | null = ref.parent; n; n = n.parent) {
    if (n.type === 'call') return NOTE_CALL.test(file.text(fieldOf(n, 'function') ?? n));
    if (n.type === 'block' || n.type === 'expression_statement') return false;
  }
  return false;
}
