import { code, fenced, neutralise, plural } from '../review/shared/markdown.js';
import type { SqlCheck } from './plan/sql-check.js';
import { describeLiveBlock, describeLivePlan } from './render-live.js';
import type { Plan, PlanApi, PlanFile } from './plan/plan-tool.js';

/**
 * A plan as markdown, in the sections the persona's workflow asks for. Model text is shown, never
 * interpreted: prose is neutralised, names and paths go in code spans, SQL and tests in fenced
 * blocks inside collapsible <details>, with the SQL check's verdict written by the app beside each.
 */
export const PLAN_SECTIONS = ['What I understood', 'Clarifying questions', 'Plan', 'Migration', 'API contract', 'Tests', 'Risks and rollout', 'What I looked at'] as const;

// Past this the test skeletons, then whole steps, are left out: a reply never ends inside a block.
const DEFAULT_BUDGET = 55_000;

// Inside code, HTML is shown as written, but a comment opener could still forge a hidden marker.
const inert = (text: string) => text.replace(/<!--/g, '<!- -').replace(/-->/g, '- ->');
const prose = (text: string) => neutralise(text.trim());
const line = (text: string) => prose(text).replace(/\n+/g, ' ');
const indent = (text: string, pad: string) => text.split('\n').map((l) => (l ? pad + l : l)).join('\n');
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function renderFile(file: PlanFile): string {
  const path = code(inert(file.path));
  if (file.unknown) return `${path} (not in the repository)`;
  return file.new ? `${path} (new)` : path;
}

/** A collapsible code block: the summary is the app's own words, the code is fenced. */
function details(summary: string, body: string, info: string): string {
  return [`<details><summary>${summary}</summary>`, '', fenced(inert(body.trim()), info), '', '</details>'].join('\n');
}

/** The SQL check's verdict in one line, written by the app. */
export function describeCheck(check: SqlCheck | undefined): string {
  if (!check) return '';
  if (!check.parses) return `❌ Left out: the SQL does not parse (${line(check.error ?? 'syntax error')}).`;
  const parts = [`Parses with the PostgreSQL parser (${plural(check.statements, 'statement')})`];
  if (check.reviewed) parts.push(check.findings.length ? `the SQL rules flag ${check.findings.map((f) => `${code(f.rule)} on line ${f.line} (${f.severity})`).join(', ')}` : 'replayed after the repository\'s migrations, the SQL rules flag nothing');
  if (check.unknownTables.length) parts.push(`it names ${check.unknownTables.map((t) => code(inert(t))).join(', ')}, which neither the repository nor this plan creates`);
  const ok = !check.findings.length && !check.unknownTables.length;
  return `${ok ? '✅' : '⚠️'} ${parts.join('; ')}.`;
}

function renderStep(step: Plan['steps'][number], n: number): string {
  const out = [`${n}. **${line(step.title)}**`];
  if (step.detail?.trim()) out.push(indent(prose(step.detail), '   '));
  if (step.files.length) out.push(indent(`- **Files**: ${step.files.map(renderFile).join(', ')}`, '   '));
  if (step.suggestion) {
    const s = step.suggestion;
    const lines = s.endLine && s.endLine !== s.line ? `lines ${s.line}–${s.endLine}` : `line ${s.line}`;
    out.push(indent(`The review's suggested change for ${lines}:`, '   '), '', indent(fenced(inert(s.text), s.language), '   '));
  }
  if (step.check) out.push(indent(describeCheck(step.check), '   '));
  if (step.check?.live) out.push(indent(describeLiveBlock(step.check.live), '   '));
  if (step.sql?.trim() && step.check?.parses !== false) out.push('', indent(details('SQL', step.sql, 'sql'), '   '));
  return out.join('\n');
}

function renderMigrations(plan: Plan): string[] {
  const out = plan.migrations.map((m, i) => {
    const head = `${i + 1}. ${renderFile(m)}${m.purpose?.trim() ? `: ${line(m.purpose)}` : ''}`;
    const verdict = [describeCheck(m.check), describeLiveBlock(m.check?.live)].filter(Boolean).map((v) => indent(v, '   '));
    if (m.check && !m.check.parses) return [head, ...verdict].join('\n');
    return [head, ...verdict, '', indent(details(`SQL: <code>${html(m.path)}</code>`, m.sql, 'sql'), '   ')].join('\n');
  });
  const live = describeLivePlan(plan.live);
  return live ? [...out, live] : out;
}

function renderApi(api: PlanApi): string {
  const where = api.unknown ? ' (said to exist, not in the repository)' : api.at ? ` (exists, ${code(inert(api.at))})` : api.new ? ' (new)' : '';
  const parts = [`${code(inert(`${api.method} ${api.path}`))}${where}`];
  if (api.request_model) parts.push(`request ${code(inert(api.request_model))}`);
  if (api.response_model) parts.push(`response ${code(inert(api.response_model))}`);
  if (api.auth) parts.push(`auth: ${line(api.auth)}`);
  if (api.status_codes.length) parts.push(api.status_codes.map(line).join('; '));
  return `- ${parts.join(' · ')}`;
}

function renderTests(plan: Plan): string[] {
  return plan.tests.map((t) => {
    const count = (t.code.match(/^\s*(async\s+)?def test_/gm) ?? []).length;
    return details(`<code>${html(t.path)}</code>${t.new ? ' (new)' : ''}: ${plural(count, 'test')}`, t.code, 'python');
  });
}

/** The plan's markdown, at most `budget` characters (test skeletons, then whole steps, are left out past it). */
export function renderPlan(plan: Plan, budget = DEFAULT_BUDGET): string {
  const questions = plan.questions.length ? plan.questions.map((q, i) => `${i + 1}. ${line(q)}`).join('\n') : 'None: the request is clear enough to start.';
  const risks = plan.risks.length ? plan.risks.map((r) => `- ${line(r)}`).join('\n') : '- None beyond the usual review.';
  const section = (i: number, body: string) => `### ${PLAN_SECTIONS[i]}\n\n${body}`;
  const fixed = [section(0, prose(plan.understood)), section(1, questions)];
  const migrations = plan.migrations.length ? [section(3, renderMigrations(plan).join('\n\n'))] : [];
  const api = plan.api.length ? [section(4, plan.api.map(renderApi).join('\n'))] : [];
  const tail = [section(6, risks), ...(plan.grounding?.length ? [section(7, plan.grounding.map((g) => `- ${g}`).join('\n'))] : [])];
  let tests = plan.tests.length ? [section(5, renderTests(plan).join('\n\n'))] : [];
  const size = (parts: string[]) => parts.join('\n\n').length;
  const allSteps = plan.steps.map((step, i) => renderStep(step, i + 1));
  if (size([...fixed, ...allSteps, ...migrations, ...api, ...tests, ...tail]) > budget - 200) tests = plan.tests.length ? [section(5, '_The test skeletons were left out: the reply would be too long for a GitHub comment._')] : [];
  const room = budget - size([...fixed, ...migrations, ...api, ...tests, ...tail]) - 200;
  const steps: string[] = [];
  let used = 0;
  for (const [i, text] of allSteps.entries()) {
    if (used + text.length > room) {
      steps.push(`_${plan.steps.length - i} more steps were left out: the reply would be too long for a GitHub comment._`);
      break;
    }
    steps.push(text);
    used += text.length + 2;
  }
  // Without migrations the plan-wide live line follows the steps, whose queries it speaks for.
  const live = !plan.migrations.length && plan.steps.some((s) => s.check) ? describeLivePlan(plan.live) : '';
  if (live) steps.push(live);
  return [...fixed, section(2, steps.join('\n\n')), ...migrations, ...api, ...tests, ...tail].join('\n\n');
}
