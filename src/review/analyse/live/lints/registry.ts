import type { LiveLint } from './lint-api.js';
import { authUsersExposedLint } from './auth-users-exposed.js';
import { duplicateIndexLint } from './duplicate-index.js';
import { extensionInPublicLint } from './extension-in-public.js';
import { functionSearchPathLint } from './function-search-path-mutable.js';
import { grantToAnonLint } from './grant-to-anon.js';
import { multiplePermissivePoliciesLint } from './multiple-permissive-policies.js';
import { policyExistsRlsDisabledLint } from './policy-exists-rls-disabled.js';
import { initplanLint } from './rls-initplan-auth-call.js';
import { rlsDisabledLint } from './rls-disabled-on-exposed-table.js';
import { rlsEnabledNoPolicyLint } from './rls-enabled-no-policy.js';
import { policyColumnUnindexedLint } from './rls-policy-column-unindexed.js';
import { rlsPolicyAlwaysTrueLint } from './rls-policy-always-true.js';
import { rlsInsertPolicyWithoutCheckLint } from './rls-insert-policy-without-check.js';
import { userMetadataLint } from './rls-policy-references-user-metadata.js';
import { securityDefinerFunctionLint } from './security-definer-function-exposed.js';
import { securityDefinerViewLint } from './security-definer-view.js';
import { materializedViewInApiLint } from './materialized-view-in-api.js';
import { unindexedForeignKeyLint } from './unindexed-foreign-key.js';

/** Every catalog lint of the live stage, one line each. */
export const LIVE_LINTS: readonly LiveLint[] = [
  rlsDisabledLint,
  policyExistsRlsDisabledLint,
  rlsEnabledNoPolicyLint,
  grantToAnonLint,
  rlsPolicyAlwaysTrueLint,
  rlsInsertPolicyWithoutCheckLint,
  userMetadataLint,
  multiplePermissivePoliciesLint,
  securityDefinerFunctionLint,
  functionSearchPathLint,
  securityDefinerViewLint,
  materializedViewInApiLint,
  authUsersExposedLint,
  duplicateIndexLint,
  extensionInPublicLint,
  unindexedForeignKeyLint,
  initplanLint,
  policyColumnUnindexedLint,
];
