import type { SqlRule } from './support/rule-api.js';
import { addingRequiredField } from './query/adding-required-field.js';
import { authUsersExposed } from './rls/auth-users-exposed.js';
import { blockingDdlLock } from './query/blocking-ddl-lock.js';
import { concurrentIndexInTransaction } from './query/concurrent-index-in-transaction.js';
import { functionSearchPathMutable } from './rls/function-search-path-mutable.js';
import { grantToAnon } from './rls/grant-to-anon.js';
import { policyExistsRlsDisabled } from './rls/policy-exists-rls-disabled.js';
import { requireConcurrentIndex } from './query/require-concurrent-index.js';
import { rlsDisabledOnExposedTable } from './rls/rls-disabled-on-exposed-table.js';
import { rlsEnabledNoPolicy } from './rls/rls-enabled-no-policy.js';
import { rlsInitplanAuthCall } from './query/rls-initplan-auth-call.js';
import { rlsPolicyAlwaysTrue } from './rls/rls-policy-always-true.js';
import { rlsInsertPolicyWithoutCheck } from './rls/rls-insert-policy-without-check.js';
import { storagePublicBucketListable } from './rls/storage-public-bucket-listable.js';
import { rlsPolicyColumnUnindexed } from './query/rls-policy-column-unindexed.js';
import { rlsPolicyReferencesUserMetadata } from './rls/rls-policy-references-user-metadata.js';
import { rlsSelfUpdatePrivilegedColumn } from './rls/rls-self-update-privileged-column.js';
import { rlsUpdatePolicyMissingWithCheck } from './rls/rls-update-policy-missing-with-check.js';
import { securityDefinerFunctionExposed } from './rls/security-definer-function-exposed.js';
import { securityDefinerView } from './rls/security-definer-view.js';
import { materializedViewInApi } from './rls/materialized-view-in-api.js';
import { foreignTableInApi } from './rls/foreign-table-in-api.js';
import { unindexedForeignKey } from './query/unindexed-foreign-key.js';
import { tableWithoutKey } from './query/table-without-key.js';
import { unsupportedRegType } from './query/unsupported-reg-type.js';
import { fkeyToAuthUnique } from './rls/fkey-to-auth-unique.js';

/** Every SQL rule, one line each. Order is the order findings are produced in. */
export const SQL_RULES: readonly SqlRule[] = [
  rlsDisabledOnExposedTable,
  policyExistsRlsDisabled,
  rlsEnabledNoPolicy,
  rlsPolicyAlwaysTrue,
  rlsInsertPolicyWithoutCheck,
  storagePublicBucketListable,
  rlsPolicyReferencesUserMetadata,
  rlsUpdatePolicyMissingWithCheck,
  rlsSelfUpdatePrivilegedColumn,
  securityDefinerView,
  materializedViewInApi,
  foreignTableInApi,
  authUsersExposed,
  functionSearchPathMutable,
  securityDefinerFunctionExposed,
  grantToAnon,
  rlsInitplanAuthCall,
  requireConcurrentIndex,
  concurrentIndexInTransaction,
  addingRequiredField,
  unindexedForeignKey,
  tableWithoutKey,
  unsupportedRegType,
  fkeyToAuthUnique,
  blockingDdlLock,
  rlsPolicyColumnUnindexed,
];
