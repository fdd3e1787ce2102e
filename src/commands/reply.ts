import type { GitHubPort } from '../ports/github.js';
import { replyMarker } from '../review/memory/markers.js';
import { redactSecrets } from '../security/redact-secrets.js';
import { clip } from '../security/untrusted.js';

// GitHub refuses comments over 65,536 characters; the plan renderer stays well under this.
const MAX_REPLY_CHARS = 60_000;

/** Posts the reply to a command comment, with the hidden marker that makes redeliveries no-ops. */
export async function postReply(params: { github: GitHubPort; number: number; commentId: number; commentUrl: string; body: string; secrets: readonly string[] }): Promise<number> {
  const text = clip(redactSecrets(params.body, params.secrets), MAX_REPLY_CHARS);
  const footer = params.commentUrl ? `<sub>In reply to [this comment](${params.commentUrl}).</sub>` : '';
  const { id } = await params.github.createIssueComment(params.number, [text, footer, replyMarker(params.commentId)].filter(Boolean).join('\n\n'));
  return id;
}

/** What went wrong, in one sentence, and what to do about it. */
export function failureReply(params: { word: string; verb: string; error: unknown }): string {
  const message = (params.error instanceof Error ? params.error.message : String(params.error)).split('\n')[0].replace(/[<>]/g, '').slice(0, 200);
  const status = (params.error as { status?: number })?.status;
  const hint =
    status === 403 || status === 404
      ? 'The app may lack a permission on this repository (pull requests, issues and contents: read; issues and pull requests: write); an admin can check the installation.'
      : 'This is usually temporary: try again in a few minutes; if it keeps failing, the app log has the details.';
  return `\`/${params.word} ${params.verb}\` failed: ${message}. ${hint} Retry with \`/${params.word} ${params.verb}\`.`;
}
