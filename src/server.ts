import { run } from 'probot';
import backendAgent from './index.js';

// `npm start`: Probot's server with its own environment (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET,
// PORT, HOST, LOG_LEVEL, WEBHOOK_PATH, GHE_HOST, GHE_PROTOCOL, ...), GET /ping included.
await run(backendAgent);
