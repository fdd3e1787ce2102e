import { matchIssue } from './match/match-issue.js';
import type { PlanSubject } from './plan/plan-grounding.js';
import type { Excerpt } from './plan-prompt.js';
import type { GatheredRepo } from './grounding/gather-repo.js';

const MAX_FILES = 4;
const MAX_CHARS_PER_FILE = 8000;

/**
 * The source of the files a request concerns, for the model: the modules that serve the routes
 * and hold the models its words name, the dependency module, read through the same cached snapshot.
 */
export async function readExcerpts(repo: GatheredRepo, subject: PlanSubject): Promise<Excerpt[]> {
  const g = repo.grounding;
  const matches = matchIssue(g, `${subject.title}\n${subject.body}\n${subject.request ?? ''}`);
  const named = new Set(matches.tables.map((m) => m.table.name));
  const files = [
    ...matches.routes.map((r) => r.file),
    ...g.routes.filter((r) => r.path.split('/').some((s) => named.has(s.replace(/-/g, '_')))).map((r) => r.file),
    ...matches.models.map((m) => m.file),
    ...(g.auth?.file ? [g.auth.file] : []),
  ];
  const chosen = [...new Set(files)].slice(0, MAX_FILES);
  const texts = await Promise.all(chosen.map((path) => repo.read(path).catch(() => null)));
  return chosen.flatMap((path, i) => {
    const text = texts[i];
    if (text === null) return [];
    return [{ path, text: text.length > MAX_CHARS_PER_FILE ? `${text.slice(0, MAX_CHARS_PER_FILE)}\n# … (cut: the file is longer)` : text }];
  });
}
