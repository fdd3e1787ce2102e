import { fieldOf, unparen, walk, type PyNode } from '../syntax/py-node.js';
import { kwarg, stringValue } from '../model/call-args.js';
import type { PyFile } from '../model/py-file.js';
import type { Project } from '../model/project.js';
import { qualifiedName } from '../model/resolve.js';
import type { FunctionInfo, ParamInfo } from '../model/types.js';

/** Header / cookie names that carry a credential. */
const CREDENTIAL_NAME = /authorization|api_?key|token|signature|secret|session|credential/i;
const HEADER_CALL = /(^|\.)(Header|Cookie)$/;
/** Library calls that check a credential: token decoders and verifiers, constant-time key comparison. */
const CREDENTIAL_CHECK = new RegExp(
  '^(jwt\\.decode|jwt\\.api_jwt\\.decode|jose\\.jwt\\.decode|jose\\.jws\\.verify|authlib\\.jose\\.jwt\\.decode|' +
    'firebase_admin\\.auth\\.verify_id_token|google\\.oauth2\\.id_token\\.verify_oauth2_token|hmac\\.compare_digest|secrets\\.compare_digest)$',
);
/** `raise HTTPException(401)` in any spelling. */
const UNAUTHORIZED = /\b401\b|HTTP_401_UNAUTHORIZED|\bUNAUTHORIZED\b/;

/** The `Header(...)` / `Cookie(...)` call a parameter is read with: its default, or inside `Annotated[...]`. */
export function headerCallOf(p: ParamInfo, file: PyFile): PyNode | null {
  const d = p.default ? unparen(p.default) : null;
  if (d && isHeaderCall(d, file)) return d;
  let found: PyNode | null = null;
  if (p.annotation) {
    walk(p.annotation, (n) => {
      if (found) return false;
      if (isHeaderCall(n, file)) found = n;
      return !found;
    });
  }
  return found;
}

/** True for a header or cookie parameter carrying a credential (`authorization: str = Header()`, `x_api_key: Annotated[str, Header()]`). */
export function isCredentialParam(p: ParamInfo, file: PyFile): boolean {
  const call = headerCallOf(p, file);
  if (!call) return false;
  const alias = kwarg(call, 'alias', file);
  const name = alias ? stringValue(alias, file) : null;
  return CREDENTIAL_NAME.test(p.name) || (!!name && CREDENTIAL_NAME.test(name));
}

/**
 * True when a function's own body checks a credential: it decodes or verifies a token, compares a key
 * in constant time, asks the auth server for the user (`client.auth.get_user(token)`), or answers 401.
 */
export function checksCredential(project: Project, fn: FunctionInfo): boolean {
  const file = fn.module.file;
  for (const call of fn.calls) {
    const callee = unparen(call.callee);
    if (callee.type !== 'identifier' && callee.type !== 'attribute') continue;
    const q = qualifiedName(project, call.scope, callee);
    if (q && CREDENTIAL_CHECK.test(q)) return true;
    if (/\.auth\.get_user$/.test(file.text(callee))) return true;
  }
  return !!fn.body && raises(fn.body, file, UNAUTHORIZED);
}

function raises(body: PyNode, file: PyFile, status: RegExp): boolean {
  let found = false;
  walk(body, (n) => {
    if (found || n.type === 'function_definition' || n.type === 'class_definition') return false;
    if (n.type === 'raise_statement' && status.test(file.text(n))) found = true;
    return !found;
  });
  return found;
}

function isHeaderCall(n: PyNode, file: PyFile): boolean {
  const callee = n.type === 'call' ? fieldOf(n, 'function') : null;
  return !!callee && HEADER_CALL.test(file.text(callee));
}
