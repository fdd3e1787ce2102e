import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import { isStringLiteral, kwargNode, positional, stringValue } from '../../model/call-args.js';
import { isTestModule, type FileContext, type PythonRule } from '../support/rule-api.js';
import { credentialByValue, isSecretName, looksLikeRealSecret } from '../support/secrets.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('hardcoded-secret');

/** Seed data, fixtures, samples and dev tooling (not code a deployed app runs). See also DEV_TOOL_LIBRARY. */
const DEV_DATA_PATH = /(^|\/)(scripts?|seeds?|seeders?|fixtures?|samples?|examples?|demo|devtools)\/|(^|\/)[^/]*(seed|fixture|sample|demo|fake|mock)[^/]*\.py$/i;
/**
 * Build, CI and developer-task tooling: a module built on a task runner (nox, invoke, fabric, doit) or a load
 * tester. It sets the throwaway values a check run needs (`session.run(..., env={"APP_ENCRYPTION_KEY": ...})`).
 */
const DEV_TOOL_LIBRARY = /^(nox|invoke|fabric|doit|locust)(\.|$)/;
/** Keyword arguments and settings that document a schema with example values (OpenAPI `examples`, `json_schema_extra`). */
const DOCUMENTATION_KEYS = /^(examples?|openapi_examples|json_schema_extra|schema_extra|description)$/;

const ENV_LOOKUPS = /^(os\.getenv|os\.environ\.get|os\.environ\.setdefault|environ\.get|getenv)$/;

export const rule: PythonRule = {
  meta,
  // Real keys committed in fixtures leak just the same; placeholders are told apart below.
  inTests: true,
  check(ctx) {
    const tests = isTestModule(ctx.model);
    // Seed scripts, fixtures and dev tooling hold made-up accounts; only a production credential counts there.
    const devData = tests || DEV_DATA_PATH.test(ctx.model.file.path) || [...ctx.model.imports.values()].some((imp) => DEV_TOOL_LIBRARY.test(imp.module));
    const file = ctx.model.file;
    for (const n of ctx.model.strings) {
      // Short literals cannot be credentials; checking the length first keeps this cheap.
      if (n.end - n.start < 8 || n.children.some((c) => c.type === 'interpolation') || !ctx.touches(n)) continue;
      const value = stringValue(n, file);
      if (value === null || inDocumentation(ctx, n)) continue;
      const byValue = credentialByValue(value);
      const name = byValue || devData ? null : secretNameFor(ctx, n);
      const production = byValue && /service-role|Supabase secret|live Stripe/.test(byValue);
      if (byValue && (!devData || production || (!tests && byValue === 'a private key'))) report(ctx, n, `${byValue} is committed in the source`);
      else if (name === 'jwt_signing_key' && value.length >= 6) report(ctx, n, 'The JWT signing key is a string literal (anyone who reads it can mint valid tokens)');
      else if (name && looksLikeRealSecret(value)) report(ctx, n, `\`${name}\` has a hard-coded credential value`);
    }
  },
};

function report(ctx: FileContext, node: PyNode, what: string): void {
  ctx.report(meta, {
    node,
    message:
      `${what}: anyone who can read the repository (or its history) can use it. Load it from the environment or a ` +
      'secret manager (and fail fast when it is missing), then rotate the exposed value.',
  });
}

/** The secret-like name a literal is assigned to (variable, field, keyword, env default), if any. */
function secretNameFor(ctx: FileContext, lit: PyNode): string | null {
  const file = ctx.model.file;
  const p = lit.parent;
  if (!p) return null;
  let name: string | null = null;
  if (p.type === 'assignment' && fieldOf(p, 'right') === lit) {
    const left = fieldOf(p, 'left');
    if (left) name = file.text(left.type === 'attribute' ? fieldOf(left, 'attribute') ?? left : left);
  } else if (p.type === 'keyword_argument' && fieldOf(p, 'value') === lit) {
    name = file.text(fieldOf(p, 'name')!);
  } else if ((p.type === 'default_parameter' || p.type === 'typed_default_parameter') && fieldOf(p, 'value') === lit) {
    name = file.text(fieldOf(p, 'name')!);
  } else if (p.type === 'pair' && fieldOf(p, 'value') === lit) {
    const key = fieldOf(p, 'key');
    name = key && isStringLiteral(key) ? stringValue(key, file) : null;
  } else if (p.type === 'argument_list' && p.parent?.type === 'call') {
    name = envDefaultName(ctx, p.parent, lit) ?? jwtKeyName(ctx, p.parent, lit);
  }
  return name && isSecretName(name) ? name : null;
}

/** jwt.encode(payload, "literal", ...) / jwt.decode(token, "literal", ...): the signing key itself. */
function jwtKeyName(ctx: FileContext, call: PyNode, lit: PyNode): string | null {
  const callee = fieldOf(call, 'function');
  const q = callee ? ctx.an.qualifiedOf(callee, ctx.model.scope) : null;
  if (!q || !/^(jwt|jose\.jwt)\.(encode|decode)$/.test(q) || positional(call, 1) !== lit) return null;
  return 'jwt_signing_key';
}

/** os.getenv("JWT_SECRET", "literal") / Field("literal", ...) inside a secret-named assignment. */
function envDefaultName(ctx: FileContext, call: PyNode, lit: PyNode): string | null {
  const file = ctx.model.file;
  const callee = fieldOf(call, 'function');
  if (!callee) return null;
  const calleeText = file.text(callee);
  if (ENV_LOOKUPS.test(calleeText) && positional(call, 1) === lit) {
    const key = positional(call, 0);
    return key ? stringValue(key, file) : null;
  }
  if (/(^|\.)Field$/.test(calleeText) && (positional(call, 0) === lit || kwargNode(call, 'default', file)?.children.includes(lit))) {
    const assign = unparen(call).parent;
    const left = assign?.type === 'assignment' ? fieldOf(assign, 'left') : null;
    return left ? file.text(left) : null;
  }
  return null;
}

/** True when a literal sits in an example of an API schema (`Field(examples=[...])`, `json_schema_extra={...}`). */
function inDocumentation(ctx: FileContext, lit: PyNode): boolean {
  const file = ctx.model.file;
  for (let p = lit.parent; p && p.type !== 'function_definition' && p.type !== 'class_definition'; p = p.parent) {
    if (p.type === 'keyword_argument') {
      const key = fieldOf(p, 'name');
      if (key && DOCUMENTATION_KEYS.test(file.text(key))) return true;
    }
    if (p.type === 'assignment') {
      const left = fieldOf(p, 'left');
      if (left && DOCUMENTATION_KEYS.test(file.text(left.type === 'attribute' ? fieldOf(left, 'attribute') ?? left : left))) return true;
    }
    if (p.type === 'pair') {
      const key = fieldOf(p, 'key');
      if (key && isStringLiteral(key) && DOCUMENTATION_KEYS.test(stringValue(key, file) ?? '')) return true;
    }
  }
  return false;
}
