import type { SqlRule } from '../rule-api.js';
import { addingRequiredField } from './adding-required-field.js';
import { authUsersExposed } from './auth-users-exposed.js';
import { blockingDdlLock } from './blocking-ddl-lock.js';
import { concurrentIndexInTransaction } from './concurrent-index-in-transaction.js';
import { fkeyToAuthUnique } from './fkey-to-auth-unique.js';
import { functionSearchPathMutable } from './function-search-path-mutable.js';
import { grantToAnon } from './grant-to-anon.js';
import { policyExistsRlsDisabled } from './policy-exists-rls-disabled.js';
import { requireConcurrentIndex } from './require-concurrent-index.js';
import { rlsDisabledOnExposedTable } from './rls-disabled-on-exposed-table.js';
import { rlsEnabledNoPolicy } from './rls-enabled-no-policy.js';
import { rlsInitplanAuthCall } from './rls-initplan-auth-call.js';
import { rlsPolicyAlwaysTrue } from './rls-policy-always-true.js';
import { rlsPolicyColumnUnindexed } from './rls-policy-column-unindexed.js';
import { rlsPolicyReferencesUserMetadata } from './rls-policy-references-user-metadata.js';
import { rlsSelfUpdatePrivilegedColumn } from './rls-self-update-privileged-column.js';
import { rlsUpdatePolicyMissingWithCheck } from './rls-update-policy-missing-with-check.js';
import { securityDefinerFunctionExposed } from './security-definer-function-exposed.js';
import { securityDefinerView } from './security-definer-view.js';
import { unindexedForeignKey } from './unindexed-foreign-key.js';

/** Every SQL rule, one line each. Order is the order findings are produced in. */
export const SQL_RULES: readonly SqlRule[] = [
  rlsDisabledOnExposedTable,
  policyExistsRlsDisabled,
  rlsEnabledNoPolicy,
  rlsPolicyAlwaysTrue,
  rlsPolicyReferencesUserMetadata,
  rlsUpdatePolicyMissingWithCheck,
  rlsSelfUpdatePrivilegedColumn,
  securityDefinerView,
  authUsersExposed,
  functionSearchPathMutable,
  securityDefinerFunctionExposed,
  grantToAnon,
  rlsInitplanAuthCall,
  requireConcurrentIndex,
  concurrentIndexInTransaction,
  addingRequiredField,
  unindexedForeignKey,
  fkeyToAuthUnique,
  blockingDdlLock,
  rlsPolicyColumnUnindexed,
];
