import { runServer } from './app/probot/run-server.js';

// `npm start` (node dist/server.js): the app's server, or `npm start -- --setup` to register a
// new GitHub App through Probot's setup flow. Exits 1 with one line when it cannot run.
const code = await runServer({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd() });
// Exit at once: a refused start must not linger on open connections (Redis, throttling).
if (code !== 0) process.exit(code);
