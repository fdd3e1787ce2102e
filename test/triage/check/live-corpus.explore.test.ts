import { jest } from '@jest/globals';
import pino from 'pino';
import { gatherRepo, type GatheredRepo } from '../../../src/triage/grounding/gather-repo.js';
import { buildChecklist } from '../../../src/triage/checklist/build-checklist.js';
import { checkPlanSql } from '../../../src/triage/check/check-plan-sql.js';
import { classifyIssue } from '../../../src/triage/classify-issue.js';
import { renderPlan } from '../../../src/triage/render-plan.js';
import { createLiveRunner } from '../../../src/review/analyse/live/live-runner.js';
import { createLivePlanProbe } from '../../../src/triage/check/live-plan-probe.js';
import { createLiveServer } from '../../../src/adapters/live-database-env.js';
import { fixtureRepo, SHAPES, type Shape } from '../../helpers/fixture-repo.js';
import { ISSUE_TEXTS } from '../issue-texts.js';

jest.setTimeout(600_000);
const log = pino({ level: 'silent' });
const runner = createLiveRunner({ server: () => createLiveServer(undefined), budgetMs: 120_000, concurrency: 1 });
afterAll(() => runner.close());
it('explores', async () => {
  const repos = new Map<Shape, GatheredRepo>();
  for (const shape of SHAPES) repos.set(shape, await gatherRepo({ repo: fixtureRepo(shape).repo, ref: 'main', log }));
  const probe = createLivePlanProbe(runner);
  for (const t of ISSUE_TEXTS.filter((x) => x.backend)) {
    const repo = repos.get(t.shape)!;
    const plan = buildChecklist({ subject: { kind: 'issue', number: 1, title: t.title, body: t.body }, classification: classifyIssue(t), grounding: repo.grounding });
    const started = Date.now();
    const checked = await checkPlanSql({ plan, grounding: repo.grounding, schema: repo.schema, probe, log });
    const md = renderPlan(checked);
    const lines = md.split('\n').filter((l) => /Applies|refuses|Prepared|Not applied|Parsed only|Checked live|RLS not/.test(l));
    process.stdout.write(`\n=== ${t.id} (${t.shape}) ${Date.now() - started} ms\n${lines.join('\n')}\n`);
  }
});
