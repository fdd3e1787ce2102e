import type { PythonRule } from './rule-api.js';
import { rule as asyncBlockingHttp } from './async-blocking-http.js';
import { rule as asyncBlockingSleep } from './async-blocking-sleep.js';
import { rule as asyncBlockingSubprocess } from './async-blocking-subprocess.js';
import { rule as asyncBlockingFileIo } from './async-blocking-file-io.js';
import { rule as asyncSyncDbCall } from './async-sync-db-call.js';
import { rule as asyncSyncSupabaseClient } from './async-sync-supabase-client.js';

/** Every Python rule, one line each. */
export const PYTHON_RULES: readonly PythonRule[] = [
  asyncBlockingHttp,
  asyncBlockingSleep,
  asyncBlockingSubprocess,
  asyncBlockingFileIo,
  asyncSyncDbCall,
  asyncSyncSupabaseClient,
];
