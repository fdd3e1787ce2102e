import type { GitHubPort } from '../ports/github.js';
import type { Log } from '../domain/logger.js';
import type { Area, Classification, IssueType } from './plan/classify-issue.js';

/**
 * The one table of triage labels: a `type:` label per issue type, each its own colour, and an
 * `area:` label per backend area, all in one blue so they read as a family.
 */
export interface LabelSpec {
  name: string;
  color: string;
  description: string;
}

const TYPE_LABELS: Record<IssueType, LabelSpec> = {
  bug: { name: 'type: bug', color: 'd73a4a', description: 'Something does not work as intended' },
  feature: { name: 'type: feature', color: 'a2eeef', description: 'A new capability or a change of behaviour' },
  performance: { name: 'type: performance', color: 'fbca04', description: 'Slow requests, heavy queries, load' },
  security: { name: 'type: security', color: 'b60205', description: 'Access control, data exposure, secrets' },
  question: { name: 'type: question', color: 'd876e3', description: 'A question rather than a change' },
};

const AREA_COLOR = '1d76db';
const AREA_DESCRIPTIONS: Record<Area, string> = {
  api: 'FastAPI routes, request and response models',
  db: 'PostgreSQL schema, migrations and queries',
  auth: 'Authentication and authorisation',
  rls: 'Supabase Row Level Security policies',
  async: 'async code, the event loop, background work',
  performance: 'Latency, query plans and indexes',
};

export function labelsFor(classification: Pick<Classification, 'type' | 'areas'>): LabelSpec[] {
  return [TYPE_LABELS[classification.type], ...classification.areas.map((a) => ({ name: `area: ${a}`, color: AREA_COLOR, description: AREA_DESCRIPTIONS[a] }))];
}

/**
 * Creates the labels the repository lacks (GitHub would otherwise create them grey when they
 * are added), then adds them all to the issue. Existing labels keep the colour the repository
 * gave them; names compare case-insensitively, as GitHub does.
 */
export async function applyLabels(params: { github: GitHubPort; number: number; labels: LabelSpec[]; log: Log }): Promise<{ created: string[] }> {
  const { github, number, labels, log } = params;
  const existing = new Set((await github.listLabels()).map((l) => l.name.toLowerCase()));
  const created: string[] = [];
  for (const label of labels) {
    if (existing.has(label.name.toLowerCase())) continue;
    if ((await github.createLabel(label)) === 'created') created.push(label.name);
  }
  await github.addIssueLabels(number, labels.map((l) => l.name));
  log.info({ labels: labels.map((l) => l.name), created }, 'triage labels applied');
  return { created };
}
