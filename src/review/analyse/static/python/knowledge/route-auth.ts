import { fieldOf, unparen } from '../syntax/py-node.js';
import type { Analysis } from './analysis.js';
import { isAdminDependency, isAuthDependency, isOperatorDependency } from './auth.js';
import { isCredentialParam } from './credentials.js';
import { paramDependencies, routeDependencies, type RouteInfo } from './fastapi.js';
import type { Scoped } from './depends.js';
import type { FunctionInfo, ParamInfo } from '../model/types.js';
import { resolveExpr } from '../model/resolve.js';

/**
 * Routes that are public by design, judged by the words of their path and handler name: signing in
 * and up, account recovery, token exchange, webhooks (signed), health checks, public forms.
 */
const PUBLIC_WORDS = new Set([
  'login', 'logout', 'signin', 'signup', 'register', 'registration', 'token', 'refresh', 'oauth', 'oauth2', 'sso', 'saml',
  'oidc', 'webhook', 'webhooks', 'callback', 'health', 'healthz', 'healthcheck', 'ping', 'readyz', 'livez', 'forgot',
  'recover', 'recovery', 'confirm', 'confirmation', 'public', 'unsubscribe', 'contact', 'inquiry', 'inquiries', 'waitlist',
  'newsletter', 'magic', 'passwordless', 'otp', 'robots', 'sitemap', 'authenticate',
]);
const PUBLIC_PAIRS: [string, string][] = [['log', 'in'], ['log', 'out'], ['sign', 'in'], ['sign', 'up'], ['reset', 'password'], ['password', 'reset'], ['verify', 'email'], ['email', 'verify'], ['email', 'verification'], ['set', 'password'],
  // Code sign-in: ask for a one-time code by email, then trade it for a session.
  ['session', 'request'], ['request', 'code'], ['send', 'code'], ['request', 'otp']];

/** The words of a route's path and handler (`/password-recovery/{email}` + `recover_password`). */
function routeWords(route: RouteInfo): string[] {
  return pathWords(`${route.prefix}${route.path} ${route.fn.name}`);
}

/** The lower-case words of a path, parameters left out (`/password-recovery/{email}` -> password, recovery). */
export function pathWords(text: string): string[] {
  return text
    .replace(/\{[^}]*\}/g, ' ')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** True when the route's words say it is public by design (see PUBLIC_WORDS), or its docstring does. */
export function isPublicRoute(route: RouteInfo): boolean {
  return arePublicWords(routeWords(route)) || docstringSaysPublic(route.fn);
}

/** A docstring that says so: "This endpoint is public (no auth required)". */
const PUBLIC_DOC = /\b(no auth(entication|orization)?(\s+is)?\s+(required|needed)|(does not|doesn't|do not|don't) require (any )?(auth(entication)?|login|a session)|without (any )?auth(entication)?\b|(allows?|open to|available to|for) (anonymous|unauthenticated)\b|anonymously|(endpoint|route) is public|public (endpoint|route))/i;

/**
 * The handler's docstring says the route is public, or names what it does with a public verb in its first words
 * ("Login a user using the header callback", "Sign up with an invite"): the author's own word on a route whose path
 * does not say it.
 */
function docstringSaysPublic(fn: FunctionInfo): boolean {
  const first = fn.body?.children.find((c) => c.type !== 'comment');
  const literal = first?.type === 'expression_statement' && first.children[0]?.type === 'string' ? first.children[0] : null;
  if (!literal) return false;
  const doc = fn.module.file.text(literal);
  if (PUBLIC_DOC.test(doc)) return true;
  const opening = pathWords(doc.replace(/^[rRbBuU]*["']+/, '').split('\n')[0]).slice(0, 2);
  return opening.length > 0 && (PUBLIC_WORDS.has(opening[0]) || PUBLIC_PAIRS.some(([a, b]) => opening[0] === a && opening[1] === b));
}

/** True when a path's (or a route's) words say it is public by design (see PUBLIC_WORDS). */
export function arePublicWords(words: string[]): boolean {
  if (words.some((w) => PUBLIC_WORDS.has(w))) return true;
  return PUBLIC_PAIRS.some(([a, b]) => words.some((w, i) => w === a && words[i + 1] === b) || words.includes(a + b));
}

/** Verbs of flows where possession of a one-time secret is the authentication (claim a seat with its token). */
const CAPABILITY_VERBS = new Set(['claim', 'redeem', 'accept', 'activate', 'deactivate', 'validate', 'join', 'respond', 'rsvp', 'decline', 'verify']);
/** A path parameter that is itself a secret (`/client/{client_secret}`, `/share/{token}`): the URL is the capability. */
const SECRET_PATH_PARAM = /secret|token|signature|passcode|^otp$|^code$|invit(e|ation)_id|(license|access|api|share)_key$/i;
/** Names of values that prove access by possession: a token, a signature, a one-time code. */
export const CAPABILITY = /token|signature|secret|otp|passcode|code$|_key$|^key$|session_id|invite_id|invitation_id/i;

/**
 * A claim / redeem / accept / validate route that receives a one-time secret (as a parameter or a field
 * of its body model), or any route whose path carries a secret: whoever holds the secret is allowed,
 * so it needs no session.
 */
export function isCapabilityRoute(an: Analysis, route: RouteInfo): boolean {
  const pathParams = [...route.path.matchAll(/\{(\w+)(?::[^}]*)?\}/g)].map((m) => m[1]);
  if (pathParams.some((p) => SECRET_PATH_PARAM.test(p))) return true;
  if (!routeWords(route).some((w) => CAPABILITY_VERBS.has(w))) return false;
  return route.fn.params.some((p) => CAPABILITY.test(p.name) || !!modelFields(an, route, p)?.some((f) => CAPABILITY.test(f)));
}

/** The field names of the model a route parameter is annotated with (its request body), or null. */
function modelFields(an: Analysis, route: RouteInfo, p: ParamInfo): string[] | null {
  const v = p.annotation ? an.infer.annotationValue(p.annotation, route.fn.scope.parent ?? route.fn.module.scope) : null;
  return v?.t === 'obj' ? an.fieldNames(v.cls) : null;
}

/** A field that grants rights: an account created with it is an operator's act, not a sign-up. */
const PRIVILEGE_FIELD = /^(role|roles|is_superuser|is_admin|is_staff|superuser|admin|permissions?|scopes?|groups?|tier|tier_id|plan|plan_id|org_role|is_verified|is_active)$/i;

/**
 * Self-registration: a POST with no path parameter whose body model carries the new account's `password`
 * and no field that grants rights (`UserCreate(name, email, password)`). Whoever signs up has no session
 * yet; an account created with a role or a superuser flag is not this.
 */
export function isRegistrationRoute(an: Analysis, route: RouteInfo): boolean {
  if (!route.methods.includes('POST') || /\{/.test(route.path)) return false;
  return route.fn.params.some((p) => {
    const fields = modelFields(an, route, p);
    return !!fields && fields.includes('password') && !fields.some((f) => PRIVILEGE_FIELD.test(f));
  });
}

/** Routes meant for operators and machines, where privileged access is expected. */
export const PRIVILEGED_ROUTE = /admin|internal|webhook|cron|jobs?\b|tasks?\/run|callback|stripe|system|ops\b|maintenance/i;

/** True when the route authenticates its caller (a dependency, a credential header, a manual check). */
export function hasAuth(an: Analysis, route: RouteInfo): boolean {
  if (declaresAuth(an, route)) return true;
  // A manual check in the body: reading the Authorization header or verifying a signature.
  // Starlette's AuthenticationMiddleware (or a custom one) leaves the caller on request.user / request.state.
  const file = route.fn.module.file;
  return !!route.fn.body && /authorization|x-api-key|verify_signature|hmac\.|compare_digest|construct_event|request\.user\b|request\.state\.(user|principal|account|auth|claims|identity)/i.test(file.text(route.fn.body));
}

/**
 * The route asks FastAPI for an authenticated caller: an auth dependency (its own, its router's, where the
 * router is included) or a credential parameter. Evidence that its siblings' pattern is to require one; a
 * body that merely names the Authorization header (a proxy forwarding it) is not.
 */
export function declaresAuth(an: Analysis, route: RouteInfo): boolean {
  if (routeDependencies(an.project, route).some((d) => isAuthDependency(an.project, d))) return true;
  if (an.includeDependencies(route.fn.module, route.routerKey).some((d) => isAuthDependency(an.project, d))) return true;
  const file = route.fn.module.file;
  return route.fn.params.some((p) => isCredentialParam(p, file) || unseenAuthAnnotation(an, route, p));
}

/** Names of annotation aliases that inject the caller (`AuthorizeWebUserWrite`, `CurrentUser`, `AuthSubject`). */
const CALLER_ALIAS = /auth|user|principal|subject|identity|claims|session|account|member/i;

/**
 * A parameter annotated with a name from a project module this review did not load (beyond the import
 * bound), that reads like an injected caller (`auth_subject: AuthorizeWebUserWriteFresh`): what it
 * checks is unknown, and unknown is not "unauthenticated".
 */
function unseenAuthAnnotation(an: Analysis, route: RouteInfo, p: ParamInfo): boolean {
  const head = p.annotation && (p.annotation.type === 'type' ? p.annotation.children[0] : p.annotation);
  if (!head || (head.type !== 'identifier' && head.type !== 'attribute')) return false;
  const scope = route.fn.scope.parent ?? route.fn.module.scope;
  const sym = resolveExpr(an.project, scope, head);
  if (sym?.t !== 'ext' || !CALLER_ALIAS.test(route.fn.module.file.text(head))) return false;
  const module = sym.name.slice(0, sym.name.lastIndexOf('.'));
  return !!module && an.project.pathOf(module, route.fn.module.file.path) !== null && !an.project.moduleFor(module, route.fn.module);
}

/** True when the route is restricted to admins / staff / internal callers. */
export function isAdminRoute(an: Analysis, route: RouteInfo): boolean {
  return guardedBy(an, route, isAdminDependency);
}

/** True when the route is restricted to the people who run the service (admins, staff), not to internal machine callers. */
export function isOperatorRoute(an: Analysis, route: RouteInfo): boolean {
  return guardedBy(an, route, isOperatorDependency);
}

/** Some dependency of the route (its own, its router's, where the router is included) passes `guard` and is no client provider. */
function guardedBy(an: Analysis, route: RouteInfo, guard: (project: Analysis['project'], d: Scoped) => boolean): boolean {
  const deps = [...routeDependencies(an.project, route), ...an.includeDependencies(route.fn.module, route.routerKey)];
  return deps.some((d) => guard(an.project, d) && !providesClient(an, d));
}

/** Routes for operators and machines: by their path (admin, webhooks, cron...) or an admin-only dependency. */
export function isPrivilegedRoute(an: Analysis, route: RouteInfo): boolean {
  return PRIVILEGED_ROUTE.test(route.prefix + route.path) || isAdminRoute(an, route);
}

/** Names of dependencies that authorise an action on the app's objects: permissions, policies, roles, access checks. */
// A role check (`RolesBasedAuthChecker([UserRole.CUSTOMER])`) says what kind of caller may call the route,
// not which objects it may touch: it is not in this list.
const PERMISSION_NAME = /permission|authori[sz]|polic(y|ies)|rbac|(^|_)acl|(^|_)allowed|membership|member_of|is_member|(^|_)can_|access_(check|control|guard)|(has|check|require|ensure|verify)_\w*(access|right|permission|member|owner)/i;

/** True when a name says it authorises (`require_permission`, `has_brain_authorization`, `check_access`). */
export function isPermissionName(name: string): boolean {
  return PERMISSION_NAME.test(name);
}

/**
 * True when the route runs a dependency that authorises the action (`Depends(PermissionsDependency([...]))`,
 * `Depends(require_permission("task:edit"))`, `Depends(has_brain_authorization())`): access to a shared
 * (organisation) object is decided there, not by comparing an owner column in the handler.
 */
export function hasPermissionDependency(an: Analysis, route: RouteInfo): boolean {
  const deps = [...routeDependencies(an.project, route), ...an.includeDependencies(route.fn.module, route.routerKey)];
  return deps.some((d) => {
    const target = unparen(d.node);
    const callee = target.type === 'call' ? fieldOf(target, 'function') ?? target : target;
    if (PERMISSION_NAME.test(d.scope.module.file.text(callee))) return true;
    const fn = an.calledFunctionAt(callee, d.scope);
    return !!fn && (PERMISSION_NAME.test(fn.name) || (fn.cls !== null && PERMISSION_NAME.test(fn.cls.name)));
  });
}

/** A dependency that hands out a database / supabase client is a provider, not a guard. */
function providesClient(an: Analysis, d: Scoped): boolean {
  const v = an.infer.providedBy(unparen(d.node), d.scope);
  return v?.t === 'inst' && /^(sb\.|sa\.|apg\.|pg\.)/.test(v.kind);
}

/** Parameters that carry the authenticated caller (`user: User = Depends(get_current_user)`). */
export function currentUserParams(an: Analysis, route: RouteInfo): string[] {
  return paramDependencies(an.project, route.fn)
    .filter((d) => isAuthDependency(an.project, d.target))
    .filter((d) => {
      const v = an.infer.paramValue(route.fn, d.param);
      return !(v?.t === 'inst' && /^(sb\.|sa\.|apg\.|pg\.)/.test(v.kind));
    })
    .map((d) => d.param);
}

/**
 * True when the route's database session / client comes from a dependency that itself depends on
 * the authenticated user: a user-scoped connection (RLS claims set per request) filters rows itself.
 */
export function usesUserScopedDb(an: Analysis, route: RouteInfo): boolean {
  for (const d of paramDependencies(an.project, route.fn)) {
    const v = an.infer.paramValue(route.fn, d.param);
    if (!(v?.t === 'inst' && /^(sb\.|sa\.|apg\.|pg\.)/.test(v.kind))) continue;
    const callee = unparen(d.target.node);
    const fn = an.calledFunctionAt(callee.type === 'call' ? fieldOf(callee, 'function') ?? callee : callee, d.target.scope);
    if (fn && paramDependencies(an.project, fn).some((inner) => isAuthDependency(an.project, inner.target))) return true;
  }
  return false;
}

/** True when some dependency of the route receives the path id itself (it checks access to the object). */
export function dependencyChecksId(an: Analysis, route: RouteInfo, ids: string[]): boolean {
  for (const d of routeDependencies(an.project, route)) {
    const callee = unparen(d.node).type === 'call' ? fieldOf(unparen(d.node), 'function') : d.node;
    const fn = callee ? an.calledFunctionAt(callee, d.scope) : null;
    if (fn?.params.some((p) => ids.includes(p.name))) return true;
  }
  return false;
}

/** Path parameters that identify one object (`{invoice_id}`, `{id}`, `{slug}`). */
export function pathIds(route: RouteInfo): string[] {
  const out: string[] = [];
  for (const m of route.path.matchAll(/\{(\w+)(:[^}]*)?\}/g)) if (/(^id$|_id$|^slug$|_slug$|^uuid$|_uuid$)/.test(m[1])) out.push(m[1]);
  return out;
}
