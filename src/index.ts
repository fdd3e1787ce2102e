// The package's main module (`probot run dist/index.js`, embedders): the Probot app and its builder.
export { createBackendAgent, type BackendAgent, type BackendAgentOptions } from './app/probot/backend-agent.js';
export { default } from './app/probot/backend-agent.js';
