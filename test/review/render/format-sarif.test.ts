import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { runCli } from '../../../src/app/cli/run-cli.js';
import { RULE_CATALOG } from '../../../src/catalog/index.js';
import { AI_RULES, SARIF_AUTOMATION_ID, SARIF_FINGERPRINT_KEY, formatSarif } from '../../../src/review/render/format-sarif.js';
import { emptyReport } from '../../../src/review/report/report.js';
import { CATEGORIES, type Finding } from '../../../src/domain/types.js';
import { makeChangeSet } from '../../helpers/change-set.js';
import { makeGitRepo } from '../../helpers/git-repo.js';

const staticRules = () => [...RULE_CATALOG];
import { installSarifValidator, validateSarif, type ValidatorMessage } from '../../helpers/sarif-validator.js';

const demo = fileURLToPath(new URL('../../../examples/demo/', import.meta.url));

// A route that runs a request value through the shell and keeps a signing secret in the code:
// the demo has no security finding, this file brings that category in.
const SECURITY_PY = `import subprocess

from fastapi import APIRouter

router = APIRouter()

JWT_SECRET = "k3Jq9vT2xLp8ZrW5mN7bQ4sY6cH1dF0g"


@router.post("/exports/{name}")
def export(name: str):
    subprocess.run(f"tar czf /tmp/{name}.tgz /srv/exports/{name}", shell=True, check=True)
    return {"ok": True}
`;

function readTree(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) Object.assign(files, readTree(path, `${prefix}${entry}/`));
    else files[`${prefix}${entry}`] = readFileSync(path, 'utf8');
  }
  return files;
}

async function reviewSarif(dir: string): Promise<string> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['review', '--base', 'HEAD~1', '--format', 'sarif', '--no-llm'], { cwd: dir, env: {}, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  return stdout;
}

const problems = (messages: ValidatorMessage[]) => messages.filter((m) => m.level !== 'note').map((m) => `${m.level} ${m.rule}: ${m.text}`);

/** One finding per rule: messages carry what real ones do (code, quotes, braces, non-ASCII, newlines). */
function everyRuleFinding(): Finding[] {
  return [...staticRules(), ...AI_RULES].map((rule, i) => ({
    path: rule.id.startsWith('ai-') || i % 2 ? `app/routers/r${i}.py` : `supabase/migrations/2025030112000${i % 10}_t.sql`,
    line: i + 1,
    ...(i % 3 === 0 ? { endLine: i + 3 } : {}),
    side: 'RIGHT' as const,
    category: rule.category,
    severity: rule.severity,
    rule: rule.id,
    title: rule.title,
    message: `\`f"{user_id}"\` in "handler" — naïve <b>fix</b>:\n${rule.rationale}`,
    ...(i % 4 === 0 ? { suggestion: 'await asyncio.sleep(1)\n' } : {}),
    source: rule.id.startsWith('ai-') ? ('llm' as const) : ('static' as const),
    fingerprint: `${i.toString(16).padStart(4, '0')}abcdef012345`,
  }));
}

// These review the demo end to end, the live database stage included (it replays the migrations into PostgreSQL).
const LIVE_REVIEW_MS = 180_000;

describe('SARIF output', () => {
  let validator: string;
  beforeAll(() => {
    validator = installSarifValidator();
  }, 300_000);

  it('is valid for the demo review: 0 errors and 0 warnings from the reference validator', async () => {
    const repo = makeGitRepo(join(demo, 'base'), join(demo, 'head'));
    try {
      const sarif = await reviewSarif(repo.dir);
      expect(JSON.parse(sarif).runs[0].results.length).toBeGreaterThan(0);
      expect(problems(await validateSarif(validator, sarif))).toEqual([]);
    } finally {
      repo.cleanup();
    }
  }, LIVE_REVIEW_MS);

  it('is valid for a review with findings of every category', async () => {
    const head = { ...readTree(join(demo, 'head')), 'app/routers/exports.py': SECURITY_PY };
    const repo = makeGitRepo(join(demo, 'base'), head);
    try {
      const sarif = await reviewSarif(repo.dir);
      const results = JSON.parse(sarif).runs[0].results;
      expect(new Set(results.map((r: any) => r.properties.category))).toEqual(new Set(CATEGORIES));
      expect(problems(await validateSarif(validator, sarif))).toEqual([]);
    } finally {
      repo.cleanup();
    }
  }, LIVE_REVIEW_MS);

  it('is valid for a review with a finding of every rule in the catalogue, and of the AI review, even when the run was incomplete', async () => {
    const findings = everyRuleFinding();
    const { changeSet } = makeChangeSet([{ path: 'app/main.py', head: 'from fastapi import FastAPI\n' }]);
    const report = emptyReport({ ...changeSet, skipped: [{ path: 'vendor/big.py', reason: 'vendored' }] });
    report.merged.all = findings;
    report.runs = [
      { name: 'static', kind: 'static', status: 'ok', findings: [], ms: 1, notes: [{ path: 'app/broken.py', line: 3, message: 'could not be parsed' }] },
      { name: 'backend-agent', kind: 'llm', status: 'failed', detail: 'AI review unavailable: overloaded (529)', findings: [], ms: 1 },
    ];
    const sarif = formatSarif(report, staticRules(), '0.1.0');
    const run = JSON.parse(sarif).runs[0];
    expect(run.results.map((r: any) => r.ruleId).sort()).toEqual([...staticRules(), ...AI_RULES].map((r) => r.id).sort());
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications.map((n: any) => [n.level, n.message.text])).toEqual([
      ['error', 'AI review unavailable: overloaded (529)'],
      ['note', 'Skipped vendor/big.py: vendored'],
      ['warning', 'app/broken.py:3: could not be parsed'],
    ]);
    expect(problems(await validateSarif(validator, sarif))).toEqual([]);
  });

  it('carries what code scanning reads: unique tags, security-severity on security rules only, help with the fix, fingerprints, a stable automation id', () => {
    const findings = everyRuleFinding();
    const report = emptyReport(makeChangeSet([{ path: 'app/main.py', head: 'from fastapi import FastAPI\n' }]).changeSet);
    report.merged.all = findings;
    const run = JSON.parse(formatSarif(report, staticRules(), '0.1.0')).runs[0];
    expect(run.automationDetails).toEqual({ id: SARIF_AUTOMATION_ID });
    expect(run.invocations[0]).toEqual({ executionSuccessful: true });
    const byId = new Map(staticRules().map((r) => [r.id, r]));
    for (const rule of run.tool.driver.rules) {
      const tags: string[] = rule.properties.tags;
      expect(new Set(tags).size).toBe(tags.length);
      const security = tags.includes('security');
      expect(security).toBe(['security', 'rls'].includes(tags[0]));
      if (security) expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
      else expect(rule.properties['security-severity']).toBeUndefined();
      const meta = byId.get(rule.id);
      if (meta) expect(rule.help.text).toContain(meta.rationale);
      expect(rule.help.markdown).toContain(`**${rule.shortDescription.text}**`);
    }
    run.results.forEach((result: any, i: number) => {
      expect(result.partialFingerprints).toEqual({ [SARIF_FINGERPRINT_KEY]: findings[i].fingerprint });
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    });
  });
});
