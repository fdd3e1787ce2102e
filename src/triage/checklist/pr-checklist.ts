import { compareFindings } from '../../review/merge/merge-findings.js';
import { plural } from '../../review/shared/markdown.js';
import type { Finding } from '../../domain/types.js';
import { routeName, where } from './draft.js';
import { pytestModule, type TestCase } from './pytest-text.js';
import type { PlanGrounding } from '../plan/plan-grounding.js';
import type { Plan } from '../plan/plan-tool.js';

const MAX_FINDING_STEPS = 10;
const LANGUAGE: Record<string, string> = { py: 'python', sql: 'sql' };

/**
 * How to finish a pull request: every open finding in fix order (most severe first, as the
 * review ranks them), each with its concrete change, the review's suggestion where it has one;
 * then the findings an earlier review left open; then the tests the pull request is missing.
 */
export function findingSteps(grounding: PlanGrounding): Plan['steps'] {
  const findings = [...(grounding.findings ?? [])].sort(compareFindings);
  const steps: Plan['steps'] = findings.slice(0, MAX_FINDING_STEPS).map((f: Finding) => ({
    title: `Fix \`${f.rule}\` at \`${f.path}:${f.line}\` (${f.severity})`,
    detail: `${f.title}. ${f.message}`,
    files: [{ path: f.path, new: false }],
    suggestion: f.suggestion !== undefined ? { path: f.path, line: f.line, endLine: f.endLine, text: f.suggestion, language: LANGUAGE[f.path.split('.').pop() ?? ''] ?? '' } : undefined,
  }));
  if (findings.length > MAX_FINDING_STEPS) steps.push({ title: `Then the other ${plural(findings.length - MAX_FINDING_STEPS, 'finding')} of the review summary, in its order`, files: [] });
  for (const o of grounding.earlier?.open ?? []) {
    steps.push({ title: `Re-check \`${o.rule}\` in \`${o.path}\` (${o.severity}, open since ${grounding.earlier!.sha.slice(0, 7)})`, detail: `${o.title}. The last review left it open; fix it, or say in the review thread why it stays.`, files: [{ path: o.path, new: false }] });
  }
  return steps;
}

function routeCases(route: NonNullable<PlanGrounding['work']>['routes'][number]['route']): TestCase[] {
  const body = route.requestModels.length ? '{}' : undefined;
  const ok = route.method === 'POST' ? 201 : route.method === 'DELETE' ? 204 : 200;
  const base = `test_${route.handler}`;
  const cases: TestCase[] = [{ name: `${base}_works_for_the_caller`, doc: `The happy path of ${routeName(route)}.`, method: route.method, path: route.path, body, headers: route.authenticated ? 'owner_headers' : undefined, status: ok }];
  if (route.authenticated) {
    if (/\{\w+\}/.test(route.path)) cases.push({ name: `${base}_refuses_another_user`, doc: "Another user gets 404 and changes nothing of the owner's.", method: route.method, path: route.path, body, headers: 'other_user_headers', status: 404 });
    cases.push({ name: `${base}_refuses_anon`, doc: 'Without a token: 401.', method: route.method, path: route.path, body, status: 401 });
  }
  return cases;
}

/** The deterministic plan for a pull request: findings in fix order, then the missing tests. */
export function buildPullRequestChecklist(grounding: PlanGrounding): Plan {
  const work = grounding.work;
  const steps = findingSteps(grounding);
  const untested = work?.routes.filter((r) => !r.testedIn) ?? [];
  const tested = work?.routes.filter((r) => r.testedIn) ?? [];
  const byFile = new Map<string, typeof untested>();
  for (const r of untested) byFile.set(r.route.file, [...(byFile.get(r.route.file) ?? []), r]);
  const tests: Plan['tests'] = [];
  for (const [file, routes] of byFile) {
    const stem = file.split('/').pop()!.replace(/\.py$/, '');
    const existing = grounding.tree ? [...grounding.tree.all].find((p) => p.endsWith(`/test_${stem}.py`) || p === `tests/test_${stem}.py`) : undefined;
    const path = existing ?? `tests/test_${stem}.py`;
    steps.push({ title: `Test ${routes.map((r) => `\`${routeName(r.route)}\``).join(', ')}`, detail: `No test module requests ${routes.length > 1 ? 'these routes' : 'this route'} (${plural(work!.testFiles, 'test module')} searched). Cover the caller, another user and anon.`, files: [{ path, new: !existing }] });
    tests.push({ path, new: !existing, code: pytestModule({ about: `Tests for ${routes.map((r) => routeName(r.route)).join(', ')} (${routes.map((r) => where(r.route)).join(', ')}).`, fixtures: ['client: a TestClient of the app', 'owner_headers, other_user_headers: Authorization headers of two users'], cases: routes.flatMap((r) => routeCases(r.route)) }) });
  }
  for (const t of work?.tables ?? []) {
    if (!work!.supabase) continue;
    steps.push({
      title: `Prove the RLS of \`${t.key}\` with two users and anon`,
      detail: `The pull request creates it (\`${t.path}:${t.line}\`)${t.rls ? '' : ' without enabling RLS'}. A test signs in as two users${t.ownerColumns.length ? ` (owner column \`${t.ownerColumns[0]}\`)` : ''} and as anon, and shows that B cannot read or change A's rows.`,
      files: [{ path: t.path, new: false }],
    });
  }
  if (!steps.length) steps.push({ title: 'Nothing left from the review', detail: 'The review has no open finding and every changed route is requested by a test.', files: [] });
  const findings = grounding.findings?.length ?? 0;
  const understood = [
    `This pull request changes ${plural(grounding.changedFiles?.length ?? 0, 'backend file')}; the review has ${plural(findings, 'open finding')}${grounding.earlier?.open.length ? ` and ${plural(grounding.earlier.open.length, 'finding')} left open by the last review` : ''}.`,
    work?.routes.length ? `It adds or changes ${work.routes.map((r) => `\`${routeName(r.route)}\``).join(', ')}${tested.length ? `; ${tested.map((r) => `\`${routeName(r.route)}\` is requested in \`${r.testedIn}\``).join(', ')}` : ''}.` : '',
    work?.tables.length ? `It creates ${work.tables.map((t) => `\`${t.key}\``).join(', ')}.` : '',
  ].filter(Boolean);
  return {
    understood: understood.join(' '),
    questions: grounding.subject.body.trim() ? [] : ['What should this pull request achieve? Its description is empty, so the plan covers only what the review and the tests show.'],
    steps,
    migrations: [],
    api: [],
    tests,
    risks: findings ? ['Merge after the high-severity findings are fixed; the review re-runs on every push and resolves what is fixed.'] : [],
    grounding: [...(work?.notes ?? []).map((n) => `Not read: ${n}.`)],
  };
}
