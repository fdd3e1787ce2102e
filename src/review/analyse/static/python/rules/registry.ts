import type { PythonRule } from './support/rule-api.js';
import { rule as asyncBlockingHttp } from './async/async-blocking-http.js';
import { rule as asyncBlockingSleep } from './async/async-blocking-sleep.js';
import { rule as asyncBlockingSubprocess } from './async/async-blocking-subprocess.js';
import { rule as asyncBlockingFileIo } from './async/async-blocking-file-io.js';
import { rule as asyncSyncDbCall } from './async/async-sync-db-call.js';
import { rule as asyncSyncSupabaseClient } from './async/async-sync-supabase-client.js';
import { rule as asyncSyncSdkCall } from './async/async-sync-sdk-call.js';
import { rule as missingAwait } from './async/missing-await.js';
import { rule as clientOrEnginePerRequest } from './async/client-or-engine-per-request.js';
import { rule as asyncioDanglingTask } from './async/asyncio-dangling-task.js';
import { rule as sqlStringBuilt } from './security/sql-string-built.js';
import { rule as likeWildcardInjection } from './security/like-wildcard-injection.js';
import { rule as hardcodedSecret } from './security/hardcoded-secret.js';
import { rule as secretLogged } from './security/secret-logged.js';
import { rule as jwtVerificationWeak } from './security/jwt-verification-weak.js';
import { rule as jwtClaimsNotValidated } from './security/jwt-claims-not-validated.js';
import { rule as corsWildcardCredentials } from './security/cors-wildcard-credentials.js';
import { rule as fastapiDebugEnabled } from './security/fastapi-debug-enabled.js';
import { rule as authExemptPrivilegedPath } from './security/auth-exempt-privileged-path.js';
import { rule as tlsVerificationDisabled } from './security/tls-verification-disabled.js';
import { rule as unsafeDeserialization } from './security/unsafe-deserialization.js';
import { rule as commandInjection } from './security/command-injection.js';
import { rule as pathTraversal } from './security/path-traversal.js';
import { rule as nPlusOneInLoop } from './query/n-plus-one-in-loop.js';
import { rule as ormUnindexedForeignKey } from './query/orm-unindexed-foreign-key.js';
import { rule as unboundedSelect } from './query/unbounded-select.js';
import { rule as filterInPython } from './query/filter-in-python.js';
import { rule as sqlaAsyncImplicitLazyLoad } from './query/sqla-async-implicit-lazy-load.js';
import { rule as selectStar } from './query/select-star.js';
import { rule as missingAuthDependency } from './security/missing-auth-dependency.js';
import { rule as missingPermissionDependency } from './security/missing-permission-dependency.js';
import { rule as signingOracle } from './security/signing-oracle.js';
import { rule as idorMissingOwnershipCheck } from './security/idor-missing-ownership-check.js';
import { rule as responseLeaksSensitiveFields } from './security/response-leaks-sensitive-fields.js';
import { rule as massAssignment } from './security/mass-assignment.js';
import { rule as authzTrustsUserMetadata } from './security/authz-trusts-user-metadata.js';
import { rule as serviceRoleInUserRequestPath } from './rls/service-role-in-user-request-path.js';
import { rule as countByLoadingRows } from './query/count-by-loading-rows.js';
import { rule as backgroundTaskReusesRequestSession } from './async/background-task-reuses-request-session.js';
import { rule as asyncSessionSharedAcrossTasks } from './async/async-session-shared-across-tasks.js';

/** Every Python rule, one line each. */
export const PYTHON_RULES: readonly PythonRule[] = [
  asyncBlockingHttp,
  asyncBlockingSleep,
  asyncBlockingSubprocess,
  asyncBlockingFileIo,
  asyncSyncDbCall,
  asyncSyncSupabaseClient,
  asyncSyncSdkCall,
  missingAwait,
  clientOrEnginePerRequest,
  asyncioDanglingTask,
  backgroundTaskReusesRequestSession,
  asyncSessionSharedAcrossTasks,
  sqlStringBuilt,
  likeWildcardInjection,
  hardcodedSecret,
  secretLogged,
  jwtVerificationWeak,
  jwtClaimsNotValidated,
  authExemptPrivilegedPath,
  corsWildcardCredentials,
  fastapiDebugEnabled,
  tlsVerificationDisabled,
  unsafeDeserialization,
  commandInjection,
  pathTraversal,
  missingAuthDependency,
  missingPermissionDependency,
  signingOracle,
  idorMissingOwnershipCheck,
  responseLeaksSensitiveFields,
  massAssignment,
  authzTrustsUserMetadata,
  serviceRoleInUserRequestPath,
  nPlusOneInLoop,
  ormUnindexedForeignKey,
  unboundedSelect,
  filterInPython,
  sqlaAsyncImplicitLazyLoad,
  selectStar,
  countByLoadingRows,
];
