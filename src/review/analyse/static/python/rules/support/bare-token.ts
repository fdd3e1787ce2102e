import type { Scope } from '../../model/types.js';
import type { PyNode } from '../../syntax/py-node.js';

/**
 * `token` alone is the most overloaded word in backend code: a credential, but also a word of a text,
 * a position in a listing, a marker a test puts in generated content, a crypto asset. A name that says
 * more (`access_token`, `bot_token`) is judged by its words; a bare `token` (a variable, an attribute, a
 * dict key) counts as a credential only on evidence: where its value comes from, what the function is
 * about, or what the function does with it.
 */
export const BARE_TOKEN = /^_?token$/i;

/** An expression that yields a credential: a header, a bearer scheme, a JWT, the environment, settings, a token call. */
const CREDENTIAL_SOURCE =
  /\b(auth\w*|jwt\w*|bearer|oauth\w*|login|credentials?|session|headers?|cookies?|getenv|environ|settings|config|secrets?|encode|sign\w*|api_?key|refresh\w*|access_token|id_token|Depends|Security|HTTPBearer|HTTPAuthorizationCredentials|OAuth2\w*|SecretStr)\b|\w*token\w*\s*\(/i;

/** A function about authentication, sessions, invitations, password resets or webhooks. */
const AUTH_FUNCTION = /auth|login|logout|jwt|verif|session|oauth|credential|sign_?in|sign_?up|password|reset|invit|confirm|activat|magic|current_user|decode|refresh|bearer|webhook|callback|header/i;

/** A class about authentication (`TokenService`, `OAuthClient`, `AuthBackend`). */
const AUTH_CLASS = /auth|login|oauth|credential|jwt|token|session/i;

/** The function hands the token itself on as a credential: a bearer header, a JWT call, a verification. */
const CREDENTIAL_USE =
  /\bBearer\s*\{?\s*(self\.)?_?token\b|["']authorization["']\s*:\s*(f?["'][^"'\n]*\{)?\s*(self\.)?_?token\b|\bjwt\.\w+\(\s*_?token\b|verify\w*\(\s*_?token\b/i;

/**
 * True when a bare `token` read at this scope is shown to be a credential. `receiver` is the object it is read
 * from (`self` of `self.token`, `payload` of `payload["token"]`), when it is not a plain name.
 */
export function bareTokenIsCredential(scope: Scope, text: (n: PyNode) => string, receiver?: string): boolean {
  if (receiver && CREDENTIAL_SOURCE.test(receiver)) return true;
  const fn = scope.fn;
  if (!fn) {
    // Module level: only what it is assigned from tells.
    return (scope.bindings.get('token') ?? []).some((b) => !!b.value && CREDENTIAL_SOURCE.test(text(b.value)));
  }
  if (AUTH_FUNCTION.test(fn.name) || (fn.cls && AUTH_CLASS.test(fn.cls.name))) return true;
  if (CREDENTIAL_USE.test(text(fn.node))) return true;
  if (receiver) {
    // `self.token`: what the class assigns to it.
    const body = fn.cls ? text(fn.cls.node) : text(fn.node);
    return [...body.matchAll(/\bself\.token\s*(?::[^=\n]+)?=\s*([^\n]+)/g)].some((m) => CREDENTIAL_SOURCE.test(m[1]!));
  }
  for (const b of fn.scope.bindings.get('token') ?? fn.scope.bindings.get('_token') ?? []) {
    const from = [b.value, b.param?.annotation, b.param?.default, b.annotation].filter((n): n is NonNullable<typeof n> => !!n);
    if (from.some((n) => CREDENTIAL_SOURCE.test(text(n)))) return true;
  }
  return false;
}
