import type { PyNode } from '../syntax/py-node.js';
import { isStringLiteral, stringValue } from '../model/call-args.js';
import type { Project } from '../model/project.js';
import { resolveName } from '../model/resolve.js';
import type { Scope } from '../model/types.js';

/** Names of a key that bypasses Row Level Security (Supabase service role / secret key). */
export const SERVICE_KEY_NAME = /service[_\s-]?role|service[_-]?key|secret[_-]?key|sb_secret|supabase[_-]?secret|admin[_-]?key/i;
const PUBLIC_KEY_NAME = /anon|publishable|public/i;

/** True when an expression (a name, a setting, an env lookup or a literal) is a service-role key. */
export function isServiceKeyExpr(project: Project, scope: Scope, node: PyNode, depth = 0): boolean {
  const file = scope.module.file;
  if (isStringLiteral(node)) {
    const value = stringValue(node, file) ?? '';
    return value.startsWith('sb_secret_') || jwtRole(value) === 'service_role';
  }
  const text = file.text(node);
  if (SERVICE_KEY_NAME.test(text)) return true;
  if (PUBLIC_KEY_NAME.test(text) || depth >= 3 || node.type !== 'identifier') return false;
  const sym = resolveName(project, scope, text);
  if (sym.t !== 'var') return false;
  const b = sym.bindings[sym.bindings.length - 1];
  return !!b.value && (b.kind === 'assign' || b.kind === 'walrus') && isServiceKeyExpr(project, b.scope, b.value, depth + 1);
}

/** The `role` claim of a JWT literal, or null when the text is not a decodable JWT. */
export function jwtRole(text: string): string | null {
  const m = /^eyJ[\w-]+\.(eyJ[\w-]+)\.[\w-]+$/.exec(text.trim());
  if (!m) return null;
  try {
    const payload = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as { role?: unknown };
    return typeof payload.role === 'string' ? payload.role : null;
  } catch {
    return null;
  }
}
