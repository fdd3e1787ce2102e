import type { PythonRule } from './rule-api.js';
import { rule as asyncBlockingHttp } from './async-blocking-http.js';
import { rule as asyncBlockingSleep } from './async-blocking-sleep.js';
import { rule as asyncBlockingSubprocess } from './async-blocking-subprocess.js';
import { rule as asyncBlockingFileIo } from './async-blocking-file-io.js';
import { rule as asyncSyncDbCall } from './async-sync-db-call.js';
import { rule as asyncSyncSupabaseClient } from './async-sync-supabase-client.js';
import { rule as asyncSyncSdkCall } from './async-sync-sdk-call.js';
import { rule as missingAwait } from './missing-await.js';
import { rule as clientOrEnginePerRequest } from './client-or-engine-per-request.js';
import { rule as asyncioDanglingTask } from './asyncio-dangling-task.js';
import { rule as sqlStringBuilt } from './sql-string-built.js';
import { rule as hardcodedSecret } from './hardcoded-secret.js';
import { rule as secretLogged } from './secret-logged.js';
import { rule as jwtVerificationWeak } from './jwt-verification-weak.js';
import { rule as jwtClaimsNotValidated } from './jwt-claims-not-validated.js';
import { rule as corsWildcardCredentials } from './cors-wildcard-credentials.js';
import { rule as fastapiDebugEnabled } from './fastapi-debug-enabled.js';
import { rule as tlsVerificationDisabled } from './tls-verification-disabled.js';
import { rule as unsafeDeserialization } from './unsafe-deserialization.js';
import { rule as commandInjection } from './command-injection.js';
import { rule as nPlusOneInLoop } from './n-plus-one-in-loop.js';
import { rule as ormUnindexedForeignKey } from './orm-unindexed-foreign-key.js';
import { rule as unboundedSelect } from './unbounded-select.js';
import { rule as filterInPython } from './filter-in-python.js';
import { rule as sqlaAsyncImplicitLazyLoad } from './sqla-async-implicit-lazy-load.js';
import { rule as selectStar } from './select-star.js';
import { rule as missingAuthDependency } from './missing-auth-dependency.js';
import { rule as missingPermissionDependency } from './missing-permission-dependency.js';
import { rule as idorMissingOwnershipCheck } from './idor-missing-ownership-check.js';
import { rule as responseLeaksSensitiveFields } from './response-leaks-sensitive-fields.js';
import { rule as massAssignment } from './mass-assignment.js';
import { rule as authzTrustsUserMetadata } from './authz-trusts-user-metadata.js';
import { rule as serviceRoleInUserRequestPath } from './service-role-in-user-request-path.js';
import { rule as countByLoadingRows } from './count-by-loading-rows.js';
import { rule as backgroundTaskReusesRequestSession } from './background-task-reuses-request-session.js';
import { rule as asyncSessionSharedAcrossTasks } from './async-session-shared-across-tasks.js';

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
  hardcodedSecret,
  secretLogged,
  jwtVerificationWeak,
  jwtClaimsNotValidated,
  corsWildcardCredentials,
  fastapiDebugEnabled,
  tlsVerificationDisabled,
  unsafeDeserialization,
  commandInjection,
  missingAuthDependency,
  missingPermissionDependency,
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
