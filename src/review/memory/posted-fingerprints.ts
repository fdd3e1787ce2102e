import type { GitHubPort } from '../../ports/github.js';
import { readFingerprint } from './markers.js';

/** The fingerprints of the inline comments already posted on a pull request (by the app, when its login is known). */
export async function postedFingerprints(github: GitHubPort, number: number, botLogin?: string): Promise<Set<string>> {
  const comments = await github.listReviewComments(number);
  return new Set(comments.filter((c) => !botLogin || c.author === botLogin).map((c) => readFingerprint(c.body)).filter((fp): fp is string => !!fp));
}
