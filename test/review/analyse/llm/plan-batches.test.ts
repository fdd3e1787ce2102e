import { BUDGET_REASON, isReviewable, planBatches } from '../../../../src/review/analyse/llm/plan-batches.js';
import type { ChangedFile } from '../../../../src/domain/types.js';
import { makeChangeSet } from '../../../helpers/change-set.js';

function filesOf(specs: [string, number][]): { files: ChangedFile[]; size: Map<string, number> } {
  const { changeSet } = makeChangeSet(specs.map(([path]) => ({ path, head: 'x = 1\n' })));
  return { files: changeSet.files, size: new Map(specs) };
}

const paths = (batches: ChangedFile[][]) => batches.map((b) => b.map((f) => f.path));

describe('planBatches', () => {
  it('packs whole files into requests under the per-request budget', () => {
    const { files, size } = filesOf([['a.py', 40], ['b.py', 30], ['c.py', 40], ['d.py', 10]]);
    const plan = planBatches({ files, fixedTokens: 20, fileTokens: (f) => size.get(f.path)!, perRequestTokens: 100, maxInputTokens: 10_000 });
    // d.py still fits the first request (20 + 40 + 30 + 10), c.py does not.
    expect(paths(plan.batches)).toEqual([['a.py', 'b.py', 'd.py'], ['c.py']]);
    expect(plan.plannedTokens).toBe(20 + 40 + 30 + 10 + 20 + 40);
    expect(plan.notReviewed).toEqual([]);
  });

  it('sends a file larger than the per-request budget alone, within the cap', () => {
    const { files, size } = filesOf([['big.py', 500], ['small.py', 10]]);
    const plan = planBatches({ files, fixedTokens: 20, fileTokens: (f) => size.get(f.path)!, perRequestTokens: 100, maxInputTokens: 10_000 });
    expect(paths(plan.batches)).toEqual([['big.py'], ['small.py']]);
  });

  it('never plans past the hard cap, lists what it left out, and still fits smaller files', () => {
    const { files, size } = filesOf([['a.py', 50], ['huge.py', 5000], ['b.py', 30], ['c.py', 60]]);
    const plan = planBatches({ files, fixedTokens: 20, fileTokens: (f) => size.get(f.path)!, perRequestTokens: 100, maxInputTokens: 110 });
    expect(paths(plan.batches)).toEqual([['a.py', 'b.py']]);
    expect(plan.plannedTokens).toBeLessThanOrEqual(110);
    expect(plan.notReviewed).toEqual([
      { path: 'huge.py', reason: BUDGET_REASON },
      { path: 'c.py', reason: BUDGET_REASON },
    ]);
  });

  it('refuses a single request over the model ceiling even under the cap', () => {
    const { files, size } = filesOf([['huge.py', 190_000]]);
    const plan = planBatches({ files, fixedTokens: 20, fileTokens: (f) => size.get(f.path)!, perRequestTokens: 100, maxInputTokens: 1_000_000 });
    expect(plan.batches).toEqual([]);
    expect(plan.notReviewed).toEqual([{ path: 'huge.py', reason: BUDGET_REASON }]);
  });

  it('puts preferred files first, then migrations before Python', () => {
    const { files, size } = filesOf([['app/a.py', 10], ['supabase/migrations/1_init.sql', 10], ['app/z.py', 10]]);
    const plan = planBatches({ files, fixedTokens: 0, fileTokens: (f) => size.get(f.path)!, perRequestTokens: 10, maxInputTokens: 30, preferred: new Set(['app/z.py']) });
    expect(paths(plan.batches)).toEqual([['app/z.py'], ['supabase/migrations/1_init.sql'], ['app/a.py']]);
  });

  it('leaves out removed files and files without new-side lines', () => {
    const { changeSet } = makeChangeSet([
      { path: 'app/gone.py', base: 'x = 1\n', head: null },
      { path: 'app/kept.py', base: 'x = 1\n', head: 'x = 2\n' },
    ]);
    expect(changeSet.files.filter(isReviewable).map((f) => f.path)).toEqual(['app/kept.py']);
  });
});
