import type { RuleMeta } from '../../../shared/rule.js';
import { contains, fieldOf, guardingTests, hasToken, unparen, walk, type PyNode } from '../../syntax/py-node.js';
import { argumentValues, methodName, receiver } from '../../model/call-args.js';
import type { CallInfo, Scope } from '../../model/types.js';
import { lookupName } from '../../model/scope.js';
import { isProjectClass, resolveName } from '../../model/resolve.js';
import { isSecretName } from '../support/secrets.js';
import { BARE_TOKEN, bareTokenIsCredential } from '../support/bare-token.js';
import { printedSecrets, type Rendering } from '../support/printed-secrets.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('secret-logged');

const SCRIPT_PATH = /(^|\/)(scripts?|bin|tools|management\/commands)\//;
/** Logging methods: the standard levels, and the custom ones loggers add (`notice`, `trace`, loguru's `success`), on a logger. */
const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log', 'msg', 'notice', 'trace', 'success', 'verbose']);
const LOGGER_NAME = /^(self\.)?_?(log|logger|LOG|LOGGER|log_|audit_log|app_log|structlog)$|logger$/i;
/** A time-based one-time code (`totp`, `current_otp`, `mfa_code`): valid for seconds. */
const ONE_TIME_CODE = /(^|[^a-z])(t?otp|mfa_code|2fa_code|totp_code)s?\b/i;
/** Headers that carry a credential. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|x-auth-token|apikey)$/i;

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const call of ctx.model.calls) {
      if ((!LOG_METHODS.has(call.name) && call.name !== 'print') || !ctx.touches(call.node) || !isLogCall(ctx, call)) continue;
      const args = argumentValues(call.node);
      const leaked = args.map((a) => secretIn(ctx, a, call.scope)).find(Boolean);
      // A one-time code at debug level: off in production logging, and stale within a minute when it is on.
      if (leaked && !(ONE_TIME_CODE.test(leaked) && (call.name === 'debug' || call.name === 'trace'))) {
        ctx.report(meta, {
          node: call.node,
          message:
            `\`${leaked}\` is written to the logs in clear text; everyone with access to the logs (and the log pipeline) ` +
            'gets the credential. Log a non-secret identifier instead (or nothing), and rotate the value if this shipped.',
        });
        continue;
      }
      const carrier = args.map((a) => carrierIn(ctx, a, call.scope)).find(Boolean);
      if (!carrier) continue;
      const fields = carrier.printed.fields.map((f) => `\`${f}\``).join(', ');
      ctx.report(meta, {
        node: call.node,
        message:
          `\`${carrier.shown}\` is written to the logs with its ${fields} in clear text: it is a \`${carrier.cls}\`, and ` +
          `${carrier.printed.how}. Everyone with access to the logs gets the credential. Log the fields you need (an id, ` +
          `an email) instead, or ${carrier.printed.fix}.`,
      });
    }
  },
};

function isLogCall(ctx: FileContext, call: CallInfo): boolean {
  // `if __name__ == "__main__":` is a run by hand: what it prints goes to the console of whoever runs it.
  if (inMainBlock(ctx, call.node)) return false;
  const q = ctx.an.qualifiedCallee(call);
  if (q && /^logging\.(debug|info|warning|warn|error|exception|critical|log)$/.test(q)) return true;
  // A CLI script that prints the token it just generated is doing its job.
  if (q === 'builtins.print') return !SCRIPT_PATH.test(ctx.model.file.path);
  const method = methodName(call.node, ctx.model.file);
  const recv = receiver(call.node);
  return !!method && LOG_METHODS.has(method) && !!recv && LOGGER_NAME.test(ctx.model.file.text(recv));
}

/** The secret-named value inside a log argument (directly or interpolated into an f-string). */
function secretIn(ctx: FileContext, arg: PyNode, scope: Scope): string | null {
  const n = unparen(arg);
  const text = (x: PyNode) => ctx.model.file.text(x);
  if (n.type === 'string') {
    for (const part of n.children) if (part.type === 'interpolation' && part.children[0]) {
      const found = secretIn(ctx, part.children[0], scope);
      if (found) return found;
    }
    return null;
  }
  if (n.type === 'identifier' || n.type === 'attribute') {
    const last = n.type === 'attribute' ? fieldOf(n, 'attribute') : n;
    if (!last || !isSecretName(ctx.model.file.text(last)) || domainToken(ctx, n, scope)) return null;
    if (BARE_TOKEN.test(ctx.model.file.text(last)) && !bareTokenIsCredential(scope, text, n.type === 'attribute' ? text(fieldOf(n, 'object')!) : undefined)) return null;
    if (knownEmptyAt(text, n) || (n.type === 'identifier' && (spelledInSource(ctx, n, scope) || comparedToNames(ctx, n, scope)))) return null;
    // A record the code loaded or built (`new_token = backend.create_token(...)`) is not the credential text.
    const v = ctx.an.infer.valueOf(n, scope);
    if (v?.t === 'obj' || v?.t === 'inst' || (n.type === 'identifier' && (foundBySearch(ctx, n, scope) || typedRecords(ctx, n, scope)))) return null;
    return ctx.model.file.text(n);
  }
  if (n.type === 'call') {
    // request.headers.get("authorization"), os.getenv("STRIPE_SECRET_KEY")
    const callee = fieldOf(n, 'function');
    const first = fieldOf(n, 'arguments')?.children[0];
    const key = first && first.type === 'string' ? ctx.model.file.text(first).replace(/["']/g, '') : '';
    if (!callee || !/(\.get|getenv)$/.test(ctx.model.file.text(callee)) || !(isSecretName(key) || CREDENTIAL_HEADER.test(key))) return null;
    if (BARE_TOKEN.test(key) && !bareTokenIsCredential(scope, text, text(callee))) return null;
    return text(n);
  }
  if (n.type === 'subscript') {
    // os.environ["SUPABASE_SERVICE_ROLE_KEY"]
    const sub = n.children.find((c) => c.field === 'subscript');
    const key = sub ? text(sub).replace(/["']/g, '') : '';
    const obj = n.children.find((c) => c.field === 'value');
    if (BARE_TOKEN.test(key) && !bareTokenIsCredential(scope, text, obj ? text(obj) : '')) return null;
    return isSecretName(key) || CREDENTIAL_HEADER.test(key) ? ctx.model.file.text(n) : null;
  }
  return null;
}

/**
 * A name bound only to text the source spells out (`reset_code = "\\033[0m"`, a terminal escape): logging it shows
 * nothing the repository does not already show. A real credential written in the code is hardcoded-secret's finding.
 */
function spelledInSource(ctx: FileContext, n: PyNode, scope: Scope): boolean {
  const bindings = lookupName(scope, ctx.model.file.text(n)) ?? [];
  return bindings.length > 0 && bindings.every((b) => !!b.value && b.kind === 'assign' && (b.index ?? -1) < 0 && spelledText(b.value));
}

/**
 * The function compares the name with words the code spells (`if service_key == "slack"`, `kind in ("a", "b")`): it
 * holds one of a few known names, a kind, not a secret (a credential is never compared with a word).
 */
function comparedToNames(ctx: FileContext, n: PyNode, scope: Scope): boolean {
  const body = scope.fn?.body;
  if (!body) return false;
  const name = ctx.model.file.text(n);
  const word = (x: PyNode) => x.type === 'string' && /^[rbu]?["'][A-Za-z][\w.-]*["']$/i.test(ctx.model.file.text(x));
  let found = false;
  walk(body, (x) => {
    if (found) return false;
    if (x.type !== 'comparison_operator' || x.children.length !== 2) return;
    const op = x.tokens?.length === 1 ? x.tokens[0] : null;
    const [l, r] = x.children.map(unparen);
    if ((op === '==' || op === '!=') && ((ctx.model.file.text(l) === name && word(r)) || (ctx.model.file.text(r) === name && word(l)))) found = true;
    if ((op === 'in' || op === 'not in') && ctx.model.file.text(l) === name && (r.type === 'tuple' || r.type === 'list' || r.type === 'set') && r.children.length > 0 && r.children.every((c) => word(unparen(c)))) found = true;
    return !found;
  });
  return found;
}

/** The node sits in a module-level `if __name__ == "__main__":` block. */
function inMainBlock(ctx: FileContext, node: PyNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'if_statement' && p.parent?.type === 'module') return /^if\s+__name__\s*==\s*["']__main__["']/.test(ctx.model.file.text(p));
  }
  return false;
}

/** A string literal without interpolation, or a choice between such (`"\\033[0m" if color else ""`). */
function spelledText(value: PyNode): boolean {
  const v = unparen(value);
  if (v.type === 'conditional_expression') return !!v.children[0] && !!v.children[2] && spelledText(v.children[0]) && spelledText(v.children[2]);
  return v.type === 'string' && !v.children.some((c) => c.type === 'interpolation');
}

/**
 * The logged name is empty where it is logged: the call sits in the body of an `if not token:` (or `token is None`,
 * `token == ""`, or such a test joined by `and`), so what reaches the log is `None` or `''`, never the credential.
 */
function knownEmptyAt(text: (x: PyNode) => string, n: PyNode): boolean {
  const name = text(n);
  const empty = (c: PyNode): boolean => {
    const e = unparen(c);
    if (e.type === 'not_operator') return !!e.children[0] && text(unparen(e.children[0])) === name;
    if (e.type === 'boolean_operator') return hasToken(e, 'and') && e.children.some(empty);
    if (e.type === 'comparison_operator' && e.children.length === 2) {
      const [l, r] = e.children.map((x) => text(unparen(x)));
      const op = e.tokens?.length === 1 ? e.tokens[0] : null;
      return (op === 'is' || op === '==') && ((l === name && EMPTY.test(r)) || (r === name && EMPTY.test(l)));
    }
    return false;
  };
  for (const { test, body } of guardingTests(n, (x) => FUNCTION_OR_CLASS.has(x.type))) {
    if (!empty(test)) continue;
    // Nothing in the branch before the call gives the name a value again.
    return !body.children.some((st) => st.start < n.start && st.type === 'expression_statement' && /^\s*[\w.]+\s*(:[^=]*)?=[^=]/.test(text(st)) && text(st).trimStart().startsWith(name));
  }
  return false;
}

const EMPTY = /^(None|""|''|b""|b'')$/;
const FUNCTION_OR_CLASS = new Set(['function_definition', 'class_definition', 'lambda', 'module']);

/** A search for stored records (`search_secrets`, `list_tokens`, `find_credentials`): what it returns are rows. */
const SEARCH_CALL = /^_*(search|list|find|query|filter|lookup)(_|$)/;

/**
 * `defined_secret = await service.search_secrets(...)`: the name is the records a search found (each a row whose
 * printing the model decides), not a credential value; a `get_secret()` may return the value itself.
 */
function foundBySearch(ctx: FileContext, n: PyNode, scope: Scope): boolean {
  const bindings = lookupName(scope, ctx.model.file.text(n)) ?? [];
  const value = bindings.length === 1 ? bindings[0].value : null;
  if (!value) return false;
  let v = unparen(value);
  if (v.type === 'await' && v.children[0]) v = unparen(v.children[0]);
  if (v.type !== 'call') return false;
  const callee = fieldOf(v, 'function');
  const name = callee?.type === 'attribute' ? fieldOf(callee, 'attribute') : callee;
  return !!name && SEARCH_CALL.test(ctx.model.file.text(name));
}

/** `dict[ProviderKey, OAuthSpec]`, `list[Secret]`, `Secret`: records of a class, not text (`SecretStr` is the value). */
const RECORDS_TYPE = /^(?:(?:dict|Dict|Mapping|list|List|set|Set|Sequence|tuple|Tuple)\[(?:[^\[\]]+,\s*)?)?([A-Z]\w*)\]?$/;

/**
 * A local annotated as records of a class (`oauth_secrets: dict[ProviderKey, RegistryOAuthSecret] = {}`): what a log
 * line prints of them is each record's repr, which the carrier check judges by its class.
 */
function typedRecords(ctx: FileContext, n: PyNode, scope: Scope): boolean {
  const bindings = lookupName(scope, ctx.model.file.text(n)) ?? [];
  const annotation = bindings.find((b) => b.annotation)?.annotation;
  const m = annotation ? RECORDS_TYPE.exec(ctx.model.file.text(annotation).replace(/\s+/g, ' ').trim()) : null;
  if (!m || /^(Secret\w*|Str|String|Any|Optional|Union)$/.test(m[1])) return false;
  return isProjectClass(resolveName(ctx.an.project, scope, m[1]));
}

/** Calls that render their argument as text (`str(user)`), or dump it (`jsonable_encoder(user)`). */
const STR_CALLS = new Set(['str', 'repr', 'format']);
const DUMP_CALLS = new Set(['jsonable_encoder']);
const DUMP_METHODS = new Set(['dict', 'model_dump', 'json', 'model_dump_json']);
/** A name of an identifier: `id`, `worker_id`, `user_ids`, `request_uuid`. */
const ID_NAME = /^_?(\w+_)?(id|ids|uuid|uuids)$/i;

/**
 * A whole object logged (directly, interpolated, through `str()` or a pydantic dump) whose class writes
 * a credential field out with it: a request model with a `password`, a model whose `__repr__` formats one.
 */
function carrierIn(ctx: FileContext, arg: PyNode, scope: Scope): { shown: string; cls: string; printed: NonNullable<ReturnType<typeof printedSecrets>> } | null {
  const n = unparen(arg);
  const text = (x: PyNode) => ctx.model.file.text(x);
  if (n.type === 'string') {
    for (const part of n.children) if (part.type === 'interpolation' && part.children[0]) {
      const found = carrierIn(ctx, part.children[0], scope);
      if (found) return found;
    }
    return null;
  }
  let target: PyNode = n;
  let rendering: Rendering = 'str';
  if (n.type === 'call') {
    const callee = fieldOf(n, 'function');
    const args = argumentValues(n);
    if (callee?.type === 'identifier' && (STR_CALLS.has(text(callee)) || DUMP_CALLS.has(text(callee))) && args.length === 1) {
      target = unparen(args[0]);
      rendering = DUMP_CALLS.has(text(callee)) ? 'dump' : 'str';
    } else if (callee?.type === 'attribute' && DUMP_METHODS.has(text(fieldOf(callee, 'attribute')!)) && !args.length) {
      target = unparen(fieldOf(callee, 'object')!);
      rendering = 'dump';
    } else return null;
  }
  if (target.type !== 'identifier' && target.type !== 'attribute') return null;
  // A name that says it holds an identifier (`worker_id = await get_worker_id(...)`) holds one, whatever the annotation
  // of the function it came from claims (`-> DbWorker` over a `return worker.id`).
  if (ID_NAME.test(text(target.type === 'attribute' ? fieldOf(target, 'attribute') ?? target : target))) return null;
  const v = ctx.an.infer.valueOf(target, scope);
  if (v?.t !== 'obj') return null;
  const printed = printedSecrets(ctx.an, v.cls, rendering);
  return printed ? { shown: text(n), cls: v.cls.name, printed } : null;
}

/** Words of a token that is a thing the app deals in (a crypto asset, a vocabulary entry), not a credential. */
const TOKEN_DOMAIN = /(^|_)(holders?|supply|balances?|prices?|contracts?|metadata|symbols?|mint|transfers?|decimals|swaps?|pools?|airdrops?|vocab|vocabulary|tokenize|embeddings?)(_|$)/i;

/**
 * A bare `token` that names a domain object: the function is about token holders, prices or
 * contracts, or it puts the value in a URL path (`/ft/{token}/holders`), where no credential goes.
 */
function domainToken(ctx: FileContext, n: PyNode, scope: Scope): boolean {
  const name = ctx.model.file.text(n.type === 'attribute' ? fieldOf(n, 'attribute') ?? n : n);
  if (!/^_?token$/i.test(name)) return false;
  const fn = scope.fn;
  if (!fn) return false;
  if (TOKEN_DOMAIN.test(fn.name)) return true;
  const inPath = new RegExp(`/\\{${name}\\}(/|["'])`);
  return ctx.model.strings.some((str) => contains(fn.node, str) && inPath.test(ctx.model.file.text(str)));
}
