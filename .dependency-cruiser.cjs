/**
 * Architecture rules, checked by `npm run lint:arch` (dependency-cruiser) in CI.
 *
 * Every rule holds, with no exception: .dependency-cruiser-known-violations.json is empty (`[]`),
 * and `npm run lint:arch:baseline` must not be used to hide a new violation.
 */
const core = '^src/(review|triage|commands|config|persona|domain|catalog)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // ---- holds ------------------------------------------------------------------------------
    {
      name: 'anthropic-sdk-only-in-adapters',
      comment: 'holds: only src/adapters/ talks to the Anthropic SDK; everything else sees LlmPort.',
      severity: 'error',
      from: { pathNot: '^src/adapters/' },
      to: { path: '(^|/)node_modules/@anthropic-ai/sdk/' },
    },
    {
      name: 'no-circular',
      comment: 'holds: no module imports itself at run time through others (cycles through `import type` only are not load-order hazards; they are listed by no-circular-types).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'memory-renders-nothing',
      comment: 'holds: what the app remembers between pushes (src/review/memory/) needs neither render/ nor merge/.',
      severity: 'error',
      from: { path: '^src/review/memory/' },
      to: { path: '^src/review/(render|merge)/' },
    },
    {
      name: 'merge-does-not-render',
      comment: 'holds: merge/ decides, render/ shows; render/ may use merge/ (ordering), never the other way.',
      severity: 'error',
      from: { path: '^src/review/merge/' },
      to: { path: '^src/review/render/' },
    },
    {
      name: 'core-memory-not-through-render',
      comment: 'holds: the core reaches markers and the summary state through src/review/memory/ only.',
      severity: 'error',
      from: { path: '^src/(commands|triage|queue|events|config|persona)/' },
      to: { path: '^src/review/render/(summary|markers)\\.ts$' },
    },
    {
      name: 'bench-not-shipped',
      comment: 'holds: the app never imports the bench (bench/ is built into dist-bench/, not dist/).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^bench/' },
    },
    {
      name: 'ruff-only-in-bench',
      comment: 'holds: Ruff-WASM is the bench\'s yardstick, a dev dependency.',
      severity: 'error',
      from: { pathNot: '^bench/' },
      to: { path: '(^|/)node_modules/@astral-sh/ruff-wasm-nodejs/' },
    },
    {
      name: 'app-needs-no-dev-dependency',
      comment: 'holds: the production image installs dependencies only, so src/ may not import a devDependency at run time.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-undeclared-package',
      comment: 'holds: every package the app and the bench import is declared in package.json.',
      severity: 'error',
      from: { path: '^(src|bench)/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'core-imports-no-adapter-or-app',
      comment: 'holds: review/, triage/, commands/, config/ and persona/ import neither src/adapters/ nor src/app/ (the composition root builds analyzers and the planning kit from the environment).',
      severity: 'error',
      from: { path: core },
      to: { path: '^src/(adapters|app)/' },
    },
    {
      name: 'catalogue-imports-no-engine',
      comment: 'holds: the rule catalogue (src/catalog/) is data: it imports nothing but itself and the shared types (src/domain/types.ts), so whoever needs rule ids or titles loads no parser and no rule.',
      severity: 'error',
      from: { path: '^src/catalog/' },
      to: { path: '^src/', pathNot: '^src/catalog/|^src/domain/types\\.ts$' },
    },
    {
      name: 'config-knows-rules-from-catalogue',
      comment: 'holds: config/ validates `rules:` keys against the catalogue (src/catalog/); it imports nothing of review/analyse/.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/review/analyse/' },
    },
    {
      name: 'triage-commands-config-reach-no-rule-engine',
      comment:
        'holds: triage/, commands/ and config/ take rule ids and titles from the catalogue; not even through other modules do they reach a rule, ' +
        'a rule registry, an engine entry point or the live stage (`/backend-agent plan` once loaded every rule and the whole Python engine ' +
        'through a 34-file chain to print rule titles). They may use the Python and SQL models, which ground plans in the repository; the ' +
        'plan check reaches the SQL rules through the planning kit (`sqlReview`, built in src/app/wiring/review-plan-sql.ts).',
      severity: 'error',
      from: { path: '^src/(triage|commands|config)/' },
      to: {
        reachable: true,
        // rules/support/ holds helpers over the models (index lookups...) that the Python model shares; not rules.
        path: [
          '^src/review/analyse/static/(index|registry|engines)\\.ts$',
          '^src/review/analyse/static/(python|sql)/index\\.ts$',
          '^src/review/analyse/static/(python|sql)/rules/(?!support/)',
          '^src/review/analyse/static/(python|sql)/rules/support/rule-api\\.ts$',
          '^src/review/analyse/live/',
        ],
      },
    },
    {
      name: 'python-model-knows-no-framework',
      comment:
        'holds: src/review/analyse/static/python/model/ is the Python language (scopes, bindings, resolution, value inference); ' +
        'what FastAPI, SQLAlchemy, Supabase and the known libraries mean lives in python/knowledge/ and is handed to the model as data ' +
        '(model/values.ts ValueKnowledge). The model imports neither the knowledge, nor the rules, nor the run\'s Analysis that joins them (python/knowledge/analysis.ts), not even for a type.',
      severity: 'error',
      from: { path: '^src/review/analyse/static/python/model/' },
      to: { path: '^src/review/analyse/static/python/(knowledge/|rules/|index\\.ts$)' },
    },
    {
      name: 'python-knowledge-is-not-rules',
      comment: 'holds: rules read the framework knowledge (python/knowledge/), never the other way round.',
      severity: 'error',
      from: { path: '^src/review/analyse/static/python/knowledge/' },
      to: { path: '^src/review/analyse/static/python/(rules/|index\\.ts$)' },
    },
    {
      name: 'engines-meet-in-neutral-modules',
      comment:
        'holds: the Python engine (static/python/) and the SQL engine (static/sql/) never import each other, not even for a type. ' +
        'What both need is neutral: the parsers (static/parsers/: the Python parser reads Alembic revisions, the PostgreSQL parser ' +
        'checks SQL strings in Python) and static/support/ (key usage, names, reference data) and static/migrations/ (the migration facts the ORM rules read).',
      severity: 'error',
      from: { path: '^src/review/analyse/static/(python|sql)/' },
      to: { path: '^src/review/analyse/static/(python|sql)/', pathNot: '^src/review/analyse/static/$1/' },
    },
    {
      name: 'parsers-in-one-place',
      comment: 'holds: only src/review/analyse/static/parsers/ loads a parser (web-tree-sitter and its Python grammar, libpg-query); others may name their types.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/review/analyse/static/parsers/' },
      to: { path: '(^|/)node_modules/(web-tree-sitter|tree-sitter-python|libpg-query)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'parsers-know-no-engine',
      comment: 'holds: the parsers are neutral: they import nothing of the app but each other.',
      severity: 'error',
      from: { path: '^src/review/analyse/static/parsers/' },
      to: { path: '^src/', pathNot: '^src/review/analyse/static/parsers/' },
    },
    {
      name: 'no-circular-types',
      comment: 'holds: no cycle at all, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment:
        'holds: no cycle between folders, type-only imports included (a type is a design dependency too). Folder scope: a folder ' +
        'stands for everything below it, and depends on the folder of each module it imports from outside itself; so this ' +
        'catches cycles between siblings (render/ <-> merge/) and between distant folders (ports/ -> review/ -> config/ -> ports/). ' +
        'A child importing its parent is no edge here: no-child-imports-ancestor forbids it.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-child-imports-ancestor',
      comment:
        'holds: a parent folder may import its sub-folders, a sub-folder never imports a module of a folder above it (the parent ' +
        'uses the child, so that would be a cycle). What the children of a folder share sits in a child folder of its own ' +
        '(review/shared/, analyse/shared/, static/shared/, sql/shared/, triage/plan/, app/wiring/) or in the neutral bottom ' +
        'layer (src/domain/, src/catalog/). Folder scope: src/a/b (all below it included) depends on src/a.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(.+)/[^/]+$' },
      to: { path: '^$1$' },
    },
    {
      name: 'domain-and-catalogue-are-the-bottom',
      comment:
        'holds: the shared vocabulary (src/domain/: Finding, ChangeSet, Log) and the rule catalogue (src/catalog/) are the bottom ' +
        'layer that review/, config/, ports/, triage/ and commands/ meet in; they import nothing else of src/.',
      severity: 'error',
      from: { path: '^src/(domain|catalog)/' },
      to: { path: '^src/', pathNot: '^src/(domain|catalog)/' },
    },
    {
      name: 'octokit-only-in-adapters',
      comment: 'holds: only src/adapters/ builds or imports Octokit (the Action\'s token Octokit, the GitHubPort and RepoFiles over an installation\'s Octokit).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/adapters/' },
      to: { path: '(^|/)node_modules/@octokit/' },
    },
    {
      name: 'queue-sdks-only-in-adapters',
      comment: 'holds: only src/adapters/ imports BullMQ and ioredis (the Redis queue behind the JobQueue port, src/ports/job-queue.ts).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/adapters/' },
      to: { path: '(^|/)node_modules/(bullmq|ioredis)/' },
    },
    {
      name: 'probot-only-in-adapters',
      comment:
        'holds: only src/adapters/ imports Probot: probot-host.ts turns the app (written against WebhookHost) into the function Probot ' +
        'loads, probot-github.ts turns an installation\'s Octokit into the GitHubPort and RepoFiles, probot-server.ts constructs Probot for ' +
        'the server. Event handlers and jobs see WebhookContext and the ports, never a Probot Context.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/adapters/' },
      to: { path: '(^|/)node_modules/probot/' },
    },
    {
      name: 'git-cli-only-in-adapters',
      comment: 'holds: only src/adapters/ starts processes (the git CLI behind the GitPort, src/ports/git.ts).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/adapters/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?child_process$' },
    },
    {
      name: 'ports-are-interfaces',
      comment: 'holds: src/ports/ declares what the core needs; it imports neither the adapters that implement it nor the composition root.',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { path: '^src/(adapters|app)/' },
    },
    {
      name: 'adapters-know-no-app',
      comment: 'holds: adapters implement ports; only the composition root (src/app/) chooses and wires them.',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/app/' },
    },
    {
      name: 'only-the-root-is-entered',
      comment: 'holds: the entry files (src/*.ts: index, server, cli, action, demo) are thin; nothing imports them.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/[^/]+\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|dist-bench|action-dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
