import type { Classification } from './plan/classify-issue.js';
import type { BackendVerdict } from './grounding/types.js';
import type { Elsewhere } from './issue-scope.js';
import type { IssueMatches } from './match/match-issue.js';
import type { RequestReading } from './match/read-request.js';

export interface BackendDecision {
  backend: boolean;
  /** One clause for the log and the outcome: why. */
  reason: string;
}

const LOGIN_WORD = /^(login|log in|logout|sign ?in|sign ?up|passwords?)$/;
const DATA_ACTIONS = new Set(['cancel', 'delete', 'update', 'report', 'notify']);

/**
 * Whether an issue is backend work. In a repository the review reviews, it is, unless it plainly
 * concerns something else (only front-end files or UI words, docs, CI) and says nothing the
 * backend does: no backend word or path, and no change to data the schema holds ("export the
 * orders", "cancel the lessons"). A repository without backend code gets labels only, unless the
 * text itself asks for backend work. When the repository cannot be read, the text decides.
 */
export function decideBackend(params: { classification: Classification; elsewhere: Elsewhere | null; repo: BackendVerdict; matches?: IssueMatches; reading?: RequestReading }): BackendDecision {
  const { classification, elsewhere, repo } = params;
  const areas = classification.areas.filter((a) => a !== 'performance');
  // "The login button is cut off on Safari" names auth only through a screen's name.
  const loginOnly = areas.length === 1 && areas[0] === 'auth' && classification.evidence.some((e) => LOGIN_WORD.test(e));
  const textSays = classification.backend && !(loginOnly && elsewhere?.scope === 'front-end');
  const schemaTables = params.matches?.tables.filter((m) => m.score >= 2).length ?? 0;
  const dataRequest = !!params.reading?.main && DATA_ACTIONS.has(params.reading.main) && schemaTables > 0;
  if (repo.verdict === 'no') {
    return textSays
      ? { backend: true, reason: 'the text asks for backend work, though the repository has no FastAPI / Supabase code yet' }
      : { backend: false, reason: `the repository has no FastAPI / Supabase code (${repo.evidence})` };
  }
  if (elsewhere && !textSays && !dataRequest) return { backend: false, reason: `it concerns the ${elsewhere.scope} (${elsewhere.evidence.slice(0, 4).join(', ')})` };
  if (repo.verdict === 'yes') return { backend: true, reason: `the repository is a FastAPI / Supabase backend (${repo.evidence})` };
  return { backend: classification.backend, reason: `the repository could not be read (${repo.evidence}); decided from the text` };
}
