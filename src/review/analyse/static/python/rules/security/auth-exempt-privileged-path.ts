import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import { stringValue } from '../../model/call-args.js';
import { arePublicWords, pathWords } from '../../knowledge/route-auth.js';
import type { PythonRule } from '../support/rule-api.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('auth-exempt-privileged-path');

/** Names of lists that exempt paths from authentication (`TOKEN_REQUEST_PATH_EXCLUDE`, `AUTH_WHITELIST`, `PUBLIC_PATHS`). */
const EXEMPT = /exclu|white_?list|allow_?list|skip|exempt|bypass|anonymous|no_?auth|unprotected|unauth|public|open_(paths|routes|urls|endpoints)/i;
/** ...and that are about requests (not a list of file extensions or of log fields). */
const ABOUT_REQUESTS = /token|jwt|auth|path|route|url|endpoint|api|login|rbac|permission/i;
/** Path words of operator surfaces: whoever reaches them without a session sees or changes the server itself. */
const PRIVILEGED_WORDS = new Set(['admin', 'monitor', 'monitors', 'monitoring', 'redis', 'debug', 'internal', 'system', 'sys', 'shell', 'console', 'actuator', 'env', 'dump', 'backup', 'backups', 'flush', 'superuser', 'sudo', 'logs']);
/** Words of paths that are static or documentation, public whatever their prefix (`/admin/static/...`, `/admin/docs`). */
const HARMLESS_WORDS = new Set(['static', 'assets', 'docs', 'redoc', 'openapi', 'swagger', 'favicon', 'captcha', 'ico', 'css', 'js']);

export const rule: PythonRule = {
  meta,
  check(ctx) {
    const file = ctx.model.file;
    for (const s of ctx.model.strings) {
      const name = exemptListName(s, file.text.bind(file));
      if (!name || !ctx.touches(s)) continue;
      const text = stringValue(s, file);
      if (!text || !text.includes('/')) continue;
      const words = pathWords(text);
      const privileged = words.filter((w) => PRIVILEGED_WORDS.has(w));
      if (!privileged.length || arePublicWords(words) || words.some((w) => HARMLESS_WORDS.has(w))) continue;
      ctx.report(meta, {
        node: s,
        message:
          `\`${name}\` exempts \`${text}\` from authentication, and that path is an operator surface (${privileged.map((w) => `\`${w}\``).join(', ')}): ` +
          'anyone who can reach the service can call it without a session. Keep such endpoints behind authentication (and an ' +
          'admin permission); exempt only what must be anonymous (sign-in, health checks, documentation).',
      });
    }
  },
};

/** The name of the list assignment a string is an element of (directly or as `re.compile(...)`'s argument), when it exempts paths. */
function exemptListName(s: PyNode, text: (n: PyNode) => string): string | null {
  let n: PyNode | null = s.parent;
  // `re.compile(r"...")` inside the list.
  if (n?.type === 'argument_list' && n.parent?.type === 'call') n = n.parent.parent;
  if (!n || !['list', 'tuple', 'set'].includes(n.type)) return null;
  let holder = n.parent;
  while (holder?.type === 'parenthesized_expression') holder = holder.parent;
  if (!holder || holder.type !== 'assignment' || unparen(fieldOf(holder, 'right') ?? holder) !== n) return null;
  const left = fieldOf(holder, 'left');
  if (!left) return null;
  const name = text(left).split('.').pop() ?? '';
  return EXEMPT.test(name) && ABOUT_REQUESTS.test(name) ? name : null;
}
