import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import { kwargNode, positional, stringValue } from '../../model/call-args.js';
import type { CallInfo } from '../../model/types.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { constantValue } from '../support/constants.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

/** Origins and credentials set in settings count by their default: the list is usually left as written. */
const SETTINGS = { settings: true };

export const meta: RuleMeta = ruleMeta('cors-wildcard-credentials');

/** Credentials a browser attaches by itself to a cross-site request: cookies (and sessions kept in them), HTTP Basic. */
const AMBIENT_AUTH = /\b(cookies|set_cookie|delete_cookie|APIKeyCookie|CookieTransport|SessionMiddleware|HTTPBasic|HTTPDigest)\b|\bCookie\s*\(/;
/** Credentials the page's own script must set: a bearer token or an API key in a header. */
const HEADER_AUTH = /\b(HTTPBearer|OAuth2PasswordBearer|OAuth2AuthorizationCodeBearer|APIKeyHeader|BearerTransport)\b|\bheaders\.get\(\s*["']authorization["']|\bauthorization\s*:[^=\n]*=\s*Header\(/i;

export const rule: PythonRule = {
  meta,
  check(ctx) {
    const file = ctx.model.file;
    for (const call of ctx.model.calls) {
      if ((call.name !== 'add_middleware' && call.name !== 'Middleware' && call.name !== 'CORSMiddleware') || !isCorsSetup(ctx, call)) continue;
      const credentials = kwargNode(call.node, 'allow_credentials', file);
      const credValue = credentials ? fieldOf(credentials, 'value') : null;
      const cred = credValue ? constantValue(ctx.an, credValue, call.scope, SETTINGS) : null;
      if (!cred || cred.scope.module.file.text(cred.node) !== 'True') continue;
      const origins = kwargNode(call.node, 'allow_origins', file);
      const regex = kwargNode(call.node, 'allow_origin_regex', file);
      const wildcard = (origins && isWildcardList(ctx, origins, call)) || (regex && isWildcardRegex(ctx, regex, call)) ? origins ?? regex : null;
      if (!wildcard || onlyHeaderCredentials(ctx) || takesNoCredentials(ctx)) continue;
      const target = [wildcard, credentials!, call.node].find((n) => ctx.touches(n));
      if (!target) continue;
      ctx.report(meta, {
        node: target,
        message:
          'Every origin is allowed while `allow_credentials=True`: Starlette then echoes the requesting Origin, so any ' +
          "site can send the user's cookies / credentials and read the responses. Use an explicit origin list (e.g. from settings).",
      });
    }
  },
};

/**
 * The API authenticates with a header the page must set itself (a bearer token, an API key) and no
 * code anywhere reads or sets a cookie or takes HTTP Basic: a hostile site has no ambient credential
 * to send, so a reflected origin exposes nothing. Unknown (the repository not searched) is not that.
 */
function onlyHeaderCredentials(ctx: FileContext): boolean {
  const refs = ctx.an.nameRefs;
  return !!refs && refs.codeMatches(HEADER_AUTH) && !refs.codeMatches(AMBIENT_AUTH);
}

/** What an app that authenticates anyone shows: a dependency, a header or session read, a router from elsewhere, auth words. */
const ANY_AUTH = /include_router|\.mount\(|\bDepends\(|\bSecurity\(|\bHeader\(|\.headers\b|\.session\b|authori[sz]|authenticat|log_?in\b|passw|api_?key|bearer|jwt|oauth|secret|credential|\bauth\b|current_user/i;
/** A route the module declares itself (`@app.get("/icon.png")`). */
const ROUTE = /^\s*@\w+\.(get|post|put|patch|delete|api_route|route|websocket)\(/m;
/** The CORS options themselves (`allow_credentials=True`, `allow_headers=["*"]`), which name credentials and headers. */
const CORS_OPTIONS = /\b(allow_credentials|allow_headers|expose_headers)\s*=\s*(\[[^\]]*\]|[^,)\n]*)/g;

/**
 * The app is created in this module, which declares its routes itself and takes no credential of any kind: no
 * dependency, no header, cookie or session read, no router from another module, nothing about logins, keys or
 * tokens (a public plugin or model server). Credentialed CORS then exposes nothing a hostile site could not fetch.
 */
function takesNoCredentials(ctx: FileContext): boolean {
  const text = ctx.model.file.source.replace(CORS_OPTIONS, '');
  return /\b(FastAPI|Starlette)\s*\(/.test(text) && ROUTE.test(text) && !ANY_AUTH.test(text) && !AMBIENT_AUTH.test(text) && !HEADER_AUTH.test(text);
}

function isCorsSetup(ctx: FileContext, call: CallInfo): boolean {
  const file = ctx.model.file;
  const callee = file.text(call.callee);
  if (/(^|\.)CORSMiddleware$/.test(callee)) return true;
  if (!/(^|\.)(add_middleware|Middleware)$/.test(callee)) return false;
  const first = positional(call.node, 0);
  return !!first && /(^|\.)CORSMiddleware$/.test(file.text(first));
}

function isWildcardList(ctx: FileContext, kw: PyNode, call: CallInfo): boolean {
  const value = fieldOf(kw, 'value');
  const c = value ? constantValue(ctx.an, value, call.scope, SETTINGS) : null;
  if (!c) return false;
  const f = c.scope.module.file;
  const n = unparen(c.node);
  if (n.type === 'string') return stringValue(n, f) === '*';
  if (n.type !== 'list' && n.type !== 'tuple' && n.type !== 'set') return false;
  return n.children.some((el) => {
    const v = constantValue(ctx.an, el, c.scope, SETTINGS);
    return !!v && stringValue(unparen(v.node), v.scope.module.file) === '*';
  });
}

function isWildcardRegex(ctx: FileContext, kw: PyNode, call: CallInfo): boolean {
  const value = fieldOf(kw, 'value');
  const c = value ? constantValue(ctx.an, value, call.scope, SETTINGS) : null;
  const text = c ? stringValue(unparen(c.node), c.scope.module.file) : null;
  return text !== null && /^\^?(https?:\/\/)?(\(https\?\)|https\?:\/\/)?\.\*\$?$|^\^?https?\??:\/\/\.\*\$?$/.test(text);
}
