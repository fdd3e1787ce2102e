/**
 * Hidden markers in what the app posts. They let it find its summary again, recognise its own
 * comments, and remember what it already said, without any database.
 */
export const SUMMARY_MARKER = '<!-- backend-agent:summary -->';
const FINGERPRINT = /<!-- backend-agent:fingerprint ([0-9a-f-]{8,40}) -->/;
const STATE = /<!-- backend-agent:state (\{.*?\}) -->/s;

export function fingerprintMarker(fingerprint: string): string {
  return `<!-- backend-agent:fingerprint ${fingerprint} -->`;
}

export function readFingerprint(body: string | null | undefined): string | null {
  return body ? FINGERPRINT.exec(body)?.[1] ?? null : null;
}

/** Marks the review the app posted for one head commit, so no attempt ever posts a second. */
export function reviewMarker(headSha: string): string {
  return `<!-- backend-agent:review ${headSha} -->`;
}

export function isSummary(body: string | null | undefined): boolean {
  return !!body && body.includes(SUMMARY_MARKER);
}

export function stateMarker(state: object): string {
  // `--` cannot appear inside an HTML comment; JSON of our own state never needs it.
  return `<!-- backend-agent:state ${JSON.stringify(state).replace(/--/g, '\\u002d\\u002d')} -->`;
}

export function readState<T>(body: string | null | undefined): T | null {
  const match = body ? STATE.exec(body) : null;
  if (!match) return null;
  try {
    return JSON.parse(match[1]) as T;
  } catch {
    return null;
  }
}

/** Marks a reply to a command comment, so a redelivered command is answered once, across restarts. */
export function replyMarker(commentId: number): string {
  return `<!-- backend-agent:reply-to ${commentId} -->`;
}

export function isReplyTo(body: string | null | undefined, commentId: number): boolean {
  return !!body && body.includes(replyMarker(commentId));
}

/** Marks the triage comment of an issue. */
export function triageMarker(issueId: number): string {
  return `<!-- backend-agent:triage ${issueId} -->`;
}

export function isTriageOf(body: string | null | undefined, issueId: number): boolean {
  return !!body && body.includes(triageMarker(issueId));
}

/** A comment the app wrote: by its login when known, else by any bot (markers can be copied by people). */
export function isOwnComment(comment: { author: string; authorType?: string }, botLogin?: string): boolean {
  return botLogin ? comment.author === botLogin : comment.authorType === 'Bot';
}
