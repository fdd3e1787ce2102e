import { createInProcessQueue } from '../../adapters/in-process-queue.js';
import { createRedisQueue } from '../../adapters/redis-queue.js';
import { probotApp, type ProbotApp } from '../../adapters/probot-host.js';
import type { JobQueue } from '../../ports/job-queue.js';
import type { AppJob } from '../jobs/jobs.js';
import { processJob } from '../jobs/process-job.js';
import { onPullRequest, PULL_REQUEST_EVENTS } from '../events/pull-request.js';
import { ISSUE_COMMENT_EVENTS, onIssueComment } from '../events/issue-comment.js';
import { ISSUES_EVENTS, onIssueOpened } from '../events/issues.js';
import type { PlanningKit } from '../../triage/planning-kit.js';
import { createPlanningKit } from '../wiring/create-planning-kit.js';
import { createAnalyzers } from '../wiring/create-analyzers.js';
import type { AppServices } from '../jobs/app-services.js';
import type { Analyzer } from '../../review/analyse/shared/analyzer.js';
import { defaultSettings } from '../../config/repo-config.js';
import { readServerEnv } from './server-env.js';
import { guardEvent } from '../events/guard-event.js';
import { createLiveStageFromEnv, type LiveStage } from '../wiring/live-stage.js';

export interface BackendAgentOptions {
  env?: NodeJS.ProcessEnv;
  /** Reviews that may run at once in this process. */
  concurrency?: number;
  /** The wait before a failed job's first retry (tests shorten it); later retries wait longer. */
  retryDelayMs?: number;
  /** Replaces the analyzers (tests, embedders); by default the static engine and, with a key, the persona. */
  createAnalyzers?: AppServices['createAnalyzers'];
  /** Replaces the live database stage the reviews and the plans' SQL check share (tests, embedders); by default from the environment. */
  live?: LiveStage;
}

export interface BackendAgent {
  app: ProbotApp;
  /** Resolves when every queued job has finished (tests, graceful shutdown). */
  idle(): Promise<void>;
  /** Stops the queue (and its Redis connections). */
  close(): Promise<void>;
}

/** Builds the app; each call has its own queue and caches, so nothing is shared between apps. */
export function createBackendAgent(options: BackendAgentOptions = {}): BackendAgent {
  const env = options.env ?? process.env;
  let queue: JobQueue<AppJob> | undefined;
  // One live database stage per app: its engine starts once and its concurrency limit spans every review.
  const live = options.live ?? createLiveStageFromEnv({ env });
  const app = probotApp((host) => {
    let analyzers: Promise<Analyzer[]> | undefined;
    let planningKit: Promise<PlanningKit> | undefined;
    const services: AppServices = {
      gitHub: host.gitHub,
      env,
      queue: undefined as unknown as JobQueue<AppJob>,
      // Built once per app, at load: a malformed environment or persona is reported at start-up.
      createAnalyzers:
        options.createAnalyzers ??
        ((_settings, log, persona) => (persona ? createAnalyzers({ env, noLlm: false, log, persona, live }) : (analyzers ??= createAnalyzers({ env, noLlm: false, log: host.log, live })))),
      planningKit: () => (planningKit ??= createPlanningKit({ env, log: host.log, sqlProbe: live.planProbe })),
    };
    const queueParams = {
      concurrency: Number(env.BACKEND_AGENT_CONCURRENCY) || options.concurrency || 4,
      log: host.log,
      retryDelayMs: options.retryDelayMs,
      process: (job: AppJob, key: string, attempt: number, final: boolean) =>
        processJob(services, job, { log: host.log.child({ delivery: job.event.id, job: key, attempt }), attempt, final }),
    };
    // REDIS_URL: many app instances share one BullMQ queue; otherwise an in-process queue.
    queue = env.REDIS_URL ? createRedisQueue<AppJob>({ ...queueParams, url: env.REDIS_URL }) : createInProcessQueue<AppJob>(queueParams);
    host.log.info({ queue: env.REDIS_URL ? 'redis' : 'in-process', concurrency: queueParams.concurrency }, 'job queue ready');
    services.queue = queue;
    if (!options.createAnalyzers) void services.createAnalyzers(defaultSettings(), host.log);
    host.on([...PULL_REQUEST_EVENTS], guardEvent((context) => onPullRequest(context, services)));
    host.on([...ISSUE_COMMENT_EVENTS], guardEvent((context) => onIssueComment(context, services)));
    host.on([...ISSUES_EVENTS], guardEvent((context) => onIssueOpened(context, services)));
  });
  return {
    app,
    idle: () => queue?.onIdle() ?? Promise.resolve(),
    close: async () => {
      await queue?.close();
      await live.close();
    },
  };
}

/**
 * The app function for `probot run dist/index.js`, which bypasses src/server.ts: the same
 * refusal applies, so a deployment that way never accepts webhooks signed with the public secret.
 */
const backendAgent: ProbotApp = (probot, options) => {
  readServerEnv(process.env, process.cwd());
  return createBackendAgent().app(probot, options);
};
export default backendAgent;
