import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import matter from 'gray-matter';
import { memorySnapshot } from '../review/memory-snapshot.js';
import { defaultSettings } from '../config/repo-config.js';
import { classifyIssue } from '../triage/plan/classify-issue.js';
import { gatherRepo } from '../triage/grounding/gather-repo.js';
import { labelsFor } from '../triage/labels.js';
import { makePlan } from '../triage/make-plan.js';
import type { PlanSqlProbe } from '../triage/plan/sql-check.js';
import { triageReply } from '../triage/run-triage.js';
import { readTreeFromDisk } from '../triage/read-tree.js';
import { reviewPlanSql } from './wiring/review-plan-sql.js';

/**
 * The triage reply for the bundled example (examples/demo): its issue (issue.md) planned against
 * its default branch (base/), with no API key, exactly as the app would post it: with `sqlProbe`
 * (the app's embedded live database stage) its SQL is applied and its RLS probed as well. The README's
 * example is generated from this (`npm run readme`), and a test keeps the two equal.
 */
export async function renderExamplePlan(demoDir: string, sqlProbe?: PlanSqlProbe): Promise<{ title: string; body: string; reply: string }> {
  const issue = matter(readFileSync(join(demoDir, 'issue.md'), 'utf8'));
  const title = String(issue.data.title ?? '');
  const body = issue.content.trim();
  const log = pino({ level: 'silent' });
  const repo = await gatherRepo({ repo: memorySnapshot(readTreeFromDisk(join(demoDir, 'base'))), ref: 'main', log });
  const classification = classifyIssue({ title, body });
  const kit = { offReason: 'set ANTHROPIC_API_KEY', personas: [], instructions: '', secrets: [], sqlReview: reviewPlanSql, deadlineMs: 0, sqlProbe };
  const outcome = await makePlan({ kit, settings: defaultSettings(), grounding: { subject: { kind: 'issue', number: 1, title, body }, classification, tree: null, repo }, log, word: 'backend-agent' });
  return { title, body, reply: triageReply({ labels: labelsFor(classification).map((l) => l.name), word: 'backend-agent', outcome }) };
}
