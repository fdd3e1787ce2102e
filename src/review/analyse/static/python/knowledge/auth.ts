import { fieldOf, unparen } from '../syntax/py-node.js';
import { checksCredential, isCredentialParam } from './credentials.js';
import type { Scoped } from './depends.js';
import { paramDependencies } from './fastapi.js';
import type { Project } from '../model/project.js';
import { resolveExpr } from '../model/resolve.js';
import type { FunctionInfo } from '../model/types.js';

/** Names of dependencies that authenticate or authorise the caller. */
const AUTH_NAME = /auth|user|current|login|token|jwt|bearer|principal|permission|scope|role|admin|staff|superuser|moderator|member|owner|merchant|tenant|account|verify|require|api_?key|apikey|signature|claims|identity|guard|protect|(^|_)me$/i;
/** Names of dependencies that restrict a route to operators (admin, staff, internal callers). */
const ADMIN_NAME = /admin|superuser|super_user|staff|moderator|operator|backoffice|internal|require_service|service_token|support_agent|is_service/i;
/** Names of dependencies that restrict a route to people who run the service (not machines calling an internal API). */
const OPERATOR_NAME = /admin|superuser|super_user|staff|moderator|backoffice|support_agent/i;
/** FastAPI / Starlette security schemes. */
const SECURITY_SCHEME = /(OAuth2PasswordBearer|OAuth2AuthorizationCodeBearer|OAuth2|HTTPBearer|HTTPBasic|HTTPDigest|APIKeyHeader|APIKeyCookie|APIKeyQuery|OpenIdConnect|SecurityBase)$/;

const MAX_DEPTH = 3;

/** True when a dependency authenticates the caller (directly or through its own dependencies). */
export function isAuthDependency(project: Project, dep: Scoped, depth = 0): boolean {
  return classify(project, dep, depth, AUTH_NAME);
}

/** True when a dependency restricts the route to admins, staff or internal callers. */
export function isAdminDependency(project: Project, dep: Scoped, depth = 0): boolean {
  return namesRole(dep, /["'](admin|superuser|staff|owner|moderator)["']/i) || classify(project, dep, depth, ADMIN_NAME);
}

/**
 * True when a dependency restricts the route to the people who run the service (admins, staff, moderators): unlike
 * isAdminDependency, an internal or service-token dependency (a machine calling, possibly at high rate) is not one.
 */
export function isOperatorDependency(project: Project, dep: Scoped, depth = 0): boolean {
  return namesRole(dep, /["'](admin|superuser|staff|moderator)["']/i) || classify(project, dep, depth, OPERATOR_NAME);
}

/** A role checker called with such a role: `require_role("admin")`, `Depends(RoleChecker(["admin"]))`. */
function namesRole(dep: Scoped, roles: RegExp): boolean {
  const target = unparen(dep.node);
  const args = target.type === 'call' ? fieldOf(target, 'arguments') : null;
  return !!args && roles.test(dep.scope.module.file.text(args));
}

function classify(project: Project, dep: Scoped, depth: number, names: RegExp): boolean {
  const file = dep.scope.module.file;
  let target = unparen(dep.node);
  if (target.type === 'call') target = fieldOf(target, 'function') ?? target;
  if (names.test(file.text(target))) return true;
  if (depth >= MAX_DEPTH) return false;
  const sym = resolveExpr(project, dep.scope, target);
  if (!sym) return false;
  if (sym.t === 'ext') return names === AUTH_NAME && SECURITY_SCHEME.test(sym.name);
  if (sym.t === 'cls') {
    if (names !== AUTH_NAME) return false;
    if (sym.cls.bases.some((b) => SECURITY_SCHEME.test(sym.cls.module.file.text(b)))) return true;
    // A callable class instance used as a dependency (`Depends(JWTBearer())`) runs its __call__.
    const call = sym.cls.methods.get('__call__');
    return !!call && functionChecks(project, call, depth, names);
  }
  if (sym.t === 'var') {
    const b = sym.bindings[sym.bindings.length - 1];
    const value = b.value ? unparen(b.value) : null;
    if (value?.type === 'call') return classify(project, { node: value, scope: b.scope }, depth + 1, names);
    return false;
  }
  if (sym.t === 'fn') return functionChecks(project, sym.fn, depth, names);
  return false;
}

function functionChecks(project: Project, fn: FunctionInfo, depth: number, names: RegExp): boolean {
  if (names.test(fn.name)) return true;
  for (const d of paramDependencies(project, fn)) if (classify(project, d.target, depth + 1, names)) return true;
  if (names !== AUTH_NAME) return false;
  // Whatever its name, a dependency that reads a credential header or verifies a token authenticates.
  return fn.params.some((p) => isCredentialParam(p, fn.module.file)) || checksCredential(project, fn);
}
