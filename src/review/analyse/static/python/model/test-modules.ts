import type { ModuleModel } from './types.js';

/**
 * Test modules, fixtures and test doubles: a module named for a stand-in (`fake.py`, `stub.py`,
 * `console_mock.py`, `mock_payments.py`) holds the fake a test or a local run swaps in for the real
 * adapter, not code a production request runs.
 */
export const TEST_PATH = /(^|\/)(tests?|testing|e2e|integration_tests)\/|(^|\/)test_[^/]*\.py$|_tests?\.py$|(^|\/)conftest\.py$|(^|\/)(?:(?:mock|fake|stub|dummy)s?(?:_\w+)?|\w+_(?:mock|fake|stub|dummy)s?)\.py$/;

const TEST_FRAMEWORK = /^(unittest|pytest)(\.|$)/;

/** Test code: by its path, or a module built on a test framework (`api/v1/services/api_tests.py` importing unittest). */
export function isTestModule(model: ModuleModel): boolean {
  return TEST_PATH.test(model.file.path) || [...model.imports.values()].some((imp) => TEST_FRAMEWORK.test(imp.module));
}
