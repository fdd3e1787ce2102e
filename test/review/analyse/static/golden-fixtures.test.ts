import { jest } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULE_CATALOG, findRule, type CatalogRule } from '../../../../src/catalog/index.js';
import { createStaticAnalyzer } from '../../../../src/review/analyse/static/index.js';
import { createLiveAnalyzer } from '../../../../src/review/analyse/live/live-analyzer.js';
import { createLiveServer } from '../../../../src/adapters/live-database-env.js';
import { reviewChange } from '../../../../src/review/review-change.js';
import { defaultSettings } from '../../../../src/config/repo-config.js';
import { silentLog } from '../../../../src/domain/logger.js';
import type { Analyzer } from '../../../../src/review/analyse/shared/analyzer.js';
import type { LiveDatabaseServer } from '../../../../src/ports/live-database.js';
import { makeChangeSet } from '../../../helpers/change-set.js';

/**
 * Golden findings of every rule. test/fixtures/rules/<rule-id>/ holds `bad/` (a change the rule
 * reports), `good/` (the same change, fixed), optionally `context/` (files the repository already
 * has: models, earlier migrations) and `expected.json`: every finding of the review on each side,
 * as {rule, path, line, severity}. The files of bad/ and good/ are the pull request (new files);
 * the review is the one the CLI runs (reviewChange over the static engine, plus the live database
 * stage, on the embedded PostgreSQL, for the rules only it reports).
 *
 * `UPDATE_GOLDEN=1` rewrites expected.json; the bad side must still report the rule and the good
 * side must not, so an update cannot record a rule that stopped working.
 */

jest.setTimeout(300_000);

const FIXTURES = fileURLToPath(new URL('../../../fixtures/rules/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface Golden {
  rule: string;
  path: string;
  line: number;
  severity: string;
}

interface Expected {
  bad: Golden[];
  good: Golden[];
}

/** The files under a fixture's folder, keyed by their path in the repository. */
function filesUnder(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const full = join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

const fixtureDirs = existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((d) => statSync(join(FIXTURES, d)).isDirectory()).sort() : [];

interface Reviewed {
  /** What the review shows: the merged findings. */
  shown: Golden[];
  /** The lines each analyzer reported, before the merge folds findings of one line into one. */
  drafts: Golden[];
}

const golden = (f: Golden): Golden => ({ rule: f.rule, path: f.path, line: f.line, severity: f.severity });

async function review(dir: string, side: 'bad' | 'good', analyzers: Analyzer[]): Promise<Reviewed> {
  const changes = Object.entries(filesUnder(join(dir, side))).map(([path, head]) => ({ path, head }));
  if (!changes.length) throw new Error(`${dir}/${side} has no files`);
  const { changeSet, repo } = makeChangeSet(changes, filesUnder(join(dir, 'context')));
  const report = await reviewChange({ changeSet, repo, analyzers, settings: defaultSettings(), log: silentLog });
  // A fixture the engine could not fully read proves nothing about its rule.
  for (const run of report.runs) expect({ analyzer: run.name, status: run.status, detail: run.status === 'ok' ? '' : run.detail }).toEqual({ analyzer: run.name, status: 'ok', detail: '' });
  return { shown: report.merged.all.map(golden), drafts: report.runs.flatMap((r) => r.findings.map(golden)) };
}

async function checkFixture(rule: CatalogRule, analyzers: Analyzer[]): Promise<void> {
  const dir = join(FIXTURES, rule.id);
  const bad = await review(dir, 'bad', analyzers);
  const good = await review(dir, 'good', analyzers);
  const own = bad.drafts.filter((f) => f.rule === rule.id);
  // The rule fires on bad/, and the review shows a finding on each of its lines (a static rule on the
  // same line may carry it: the live probes confirm the static RLS rules).
  expect({ rule: rule.id, reported: own.length > 0, hidden: own.filter((d) => !bad.shown.some((f) => f.path === d.path && f.line === d.line)) }).toEqual({ rule: rule.id, reported: true, hidden: [] });
  expect(good.drafts.filter((f) => f.rule === rule.id)).toEqual([]);
  const actual: Expected = { bad: bad.shown, good: good.shown };
  const file = join(dir, 'expected.json');
  if (UPDATE) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
  else expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')) as Expected);
}

describe('the golden fixtures of the rules (test/fixtures/rules)', () => {
  it('has a fixture for every rule of the catalogue, and none for a rule it does not know', () => {
    expect(RULE_CATALOG.map((r) => r.id).filter((id) => !fixtureDirs.includes(id))).toEqual([]);
    expect(fixtureDirs.filter((d) => !findRule(d))).toEqual([]);
    for (const d of fixtureDirs) expect([d, ['bad', 'good', 'expected.json'].filter((f) => !existsSync(join(FIXTURES, d, f)))]).toEqual([d, []]);
  });

  const staticRules = RULE_CATALOG.filter((r) => r.engine !== 'live' && fixtureDirs.includes(r.id));
  it.each(staticRules.map((r) => [r.id, r] as const))('%s: the static engine reports bad/ as expected.json says, and not good/', async (_id, rule) => {
    await checkFixture(rule, [createStaticAnalyzer()]);
  });

  describe('the rules of the live database stage (embedded PostgreSQL)', () => {
    let server: LiveDatabaseServer | undefined;
    afterAll(() => server?.close());
    const liveRules = RULE_CATALOG.filter((r) => r.engine === 'live' && fixtureDirs.includes(r.id));
    it.each(liveRules.map((r) => [r.id, r] as const))('%s: the review reports bad/ as expected.json says, and not good/', async (_id, rule) => {
      server ??= createLiveServer(undefined);
      const shared = server;
      const live = createLiveAnalyzer({ server: () => shared, budgetMs: 300_000, concurrency: 1 });
      await checkFixture(rule, [createStaticAnalyzer(), live]);
    });
  });
});
