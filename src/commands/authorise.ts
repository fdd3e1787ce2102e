import type { GitHubPort } from '../ports/github.js';

/** A comment author as the webhook describes them. */
export interface Commenter {
  login: string;
  type: string;
  association: string;
}

export type Authorisation = { allowed: true; by: 'association' | 'permission' } | { allowed: false; reason: string };

const WRITE = new Set(['admin', 'maintain', 'write']);

/** Bots, the app itself included, never run commands: the app cannot loop on its own replies. */
export function isBot(user: { login?: string; type?: string } | null | undefined): boolean {
  return !user || user.type === 'Bot' || /\[bot\]$/i.test(user.login ?? '');
}

/**
 * Only people with write access run commands. An allowed author association (by default
 * OWNER, MEMBER, COLLABORATOR) is enough; any other (CONTRIBUTOR, NONE, ...) is ambiguous, so
 * GitHub is asked for the user's permission on the repository and admin, maintain or write pass.
 */
export async function authoriseCommenter(params: { github: GitHubPort; commenter: Commenter; allowedAssociations: readonly string[] }): Promise<Authorisation> {
  const { github, commenter } = params;
  if (isBot(commenter)) return { allowed: false, reason: 'comments by bots are ignored' };
  if (params.allowedAssociations.includes(commenter.association)) return { allowed: true, by: 'association' };
  const found = await github.getCollaboratorPermission(commenter.login);
  if (found && (WRITE.has(found.permission) || WRITE.has(found.roleName ?? ''))) return { allowed: true, by: 'permission' };
  return { allowed: false, reason: `${commenter.login} has no write access (association ${commenter.association}, permission ${found?.roleName ?? found?.permission ?? 'none'})` };
}
