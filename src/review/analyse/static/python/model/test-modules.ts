import type { ModuleModel } from './types.js';

/** Test modules and fixtures. */
export const TEST_PATH = /(^|\/)(tests?|testing|e2e|integration_tests)\/|(^|\/)test_[^/]*\.py$|_tests?\.py$|(^|\/)conftest\.py$/;

const TEST_FRAMEWORK = /^(unittest|pytest)(\.|$)/;

/** Test code: by its path, or a module built on a test framework (`api/v1/services/api_tests.py` importing unittest). */
export function isTestModule(model: ModuleModel): boolean {
  return TEST_PATH.test(model.file.path) || [...model.imports.values()].some((imp) => TEST_FRAMEWORK.test(imp.module));
}
