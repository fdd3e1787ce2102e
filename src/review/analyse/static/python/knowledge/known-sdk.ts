/**
 * Synchronous SDKs that FastAPI backends call: each call does network I/O (or sleeps) on the calling
 * thread, so inside an `async def` it stalls the event loop. Data only: which calls block, which
 * constructors build a sync client, and how to fix it. Async variants (`AsyncOpenAI`,
 * `create_async`, `AsyncWebClient`...) are simply not listed.
 */
export interface SyncSdk {
  /** As named in messages. */
  label: string;
  /** The fix, one sentence. */
  fix: string;
  /** Module-level calls that block, by qualified name (`stripe.Customer.create`). */
  functions?: RegExp;
  /** Constructors / factories of a sync client, by qualified name. */
  clients?: readonly string[];
  /** Annotations naming that client. */
  annotations?: readonly string[];
  /**
   * Methods of the client, or of any namespace or builder under it (`client.chat.completions.create`,
   * `db.users.find_one`), that do the I/O. Other methods and attributes stay on the client.
   */
  methods?: RegExp;
  /** Blocks only when this argument has a non-zero value (`cpu_percent(interval=1)` sleeps for a second). */
  blocksWith?: { keyword: string; position: number };
}

// `create_async` and the other `_async` methods are the async API.
const STRIPE_VERBS = '(?!\\w*_async$)(create|retrieve|modify|update|list|delete|search|cancel|confirm|capture|pay|void_invoice|finalize_invoice|send_invoice|mark_uncollectible|upcoming|attach|detach|verify_microdeposits|refund|close|reject|expire|resume|apply_customer_balance|(create|retrieve|modify|list|delete)_\\w+)';
const CRUD = /^(create|retrieve|list|delete|update|parse|generate|create_variation|edit|count_tokens|cancel|upload|content|retrieve_content)$/;

export const SYNC_SDKS: Record<string, SyncSdk> = {
  stripe: {
    label: 'Stripe, sync HTTP',
    fix: "Use the SDK's async method (`await stripe.Customer.create_async(...)`, `await client.customers.create_async(...)`) or `await run_in_threadpool(...)`.",
    // Resource classes: `stripe.Customer.create`, `stripe.checkout.Session.create`. `Webhook.construct_event` is local.
    functions: new RegExp(`^stripe\\.([a-z_]+\\.)*[A-Z]\\w*\\.${STRIPE_VERBS}$`),
    clients: ['stripe.StripeClient'],
    annotations: ['stripe.StripeClient'],
    methods: new RegExp(`^${STRIPE_VERBS}$`),
  },
  openai: {
    label: 'the sync OpenAI client',
    fix: 'Use `AsyncOpenAI` (created once, e.g. in the lifespan) and `await` the call.',
    // openai < 1.0 resources and openai >= 1.0 module-level client.
    functions: /^openai\.((ChatCompletion|Completion|Embedding|Image|Moderation|Audio|Edit|File|FineTune|Model)\.(create|retrieve|list|delete|transcribe|translate|create_edit|create_variation)|(chat\.completions|completions|embeddings|images|moderations|audio\.\w+|files|models|responses|beta\.\w+(\.\w+)?)\.(create|parse|retrieve|list|delete|generate|edit|create_variation))$/,
    clients: ['openai.OpenAI', 'openai.Client', 'openai.AzureOpenAI'],
    annotations: ['openai.OpenAI', 'openai.Client', 'openai.AzureOpenAI'],
    methods: CRUD,
  },
  anthropic: {
    label: 'the sync Anthropic client',
    fix: 'Use `AsyncAnthropic` (created once) and `await` the call.',
    clients: ['anthropic.Anthropic', 'anthropic.Client', 'anthropic.AnthropicBedrock', 'anthropic.AnthropicVertex'],
    annotations: ['anthropic.Anthropic', 'anthropic.Client'],
    methods: CRUD,
  },
  twilio: {
    label: 'Twilio, sync HTTP',
    fix: 'Run it with `await run_in_threadpool(...)`, or give the client an `AsyncTwilioHttpClient` and use the `_async` methods.',
    clients: ['twilio.rest.Client'],
    annotations: ['twilio.rest.Client'],
    methods: /^(create|fetch|update|delete|list|stream)$/,
  },
  sendgrid: {
    label: 'SendGrid, sync HTTP',
    fix: 'Run it with `await run_in_threadpool(...)` or a background task, or call the API with `httpx.AsyncClient`.',
    clients: ['sendgrid.SendGridAPIClient', 'sendgrid.sendgrid.SendGridAPIClient'],
    annotations: ['sendgrid.SendGridAPIClient'],
    methods: /^(send|post|get|put|patch|delete)$/,
  },
  slack: {
    label: 'the sync Slack WebClient',
    fix: 'Use `slack_sdk.web.async_client.AsyncWebClient` and `await` the call.',
    clients: ['slack_sdk.WebClient', 'slack_sdk.web.WebClient', 'slack_sdk.web.client.WebClient', 'slack.WebClient'],
    annotations: ['slack_sdk.WebClient', 'slack_sdk.web.WebClient', 'slack_sdk.web.client.WebClient'],
    // Every API method (`chat_postMessage`, `users_info`, `files_upload_v2`) and the raw `api_call`.
    methods: /^([a-z]+_[A-Za-z0-9_]+|api_call)$/,
  },
  firebase: {
    label: 'firebase_admin, sync HTTP',
    fix: 'Run it with `await run_in_threadpool(...)` (firebase_admin has no async API).',
    // `verify_id_token` / `create_custom_token` work locally once the keys are cached.
    functions: /^firebase_admin\.(auth\.(get_user\w*|create_user|update_user|delete_user|delete_users|list_users|set_custom_user_claims|revoke_refresh_tokens|create_session_cookie|generate_\w+_link|import_users)|messaging\.(send|send_all|send_each|send_multicast|send_each_for_multicast|subscribe_to_topic|unsubscribe_from_topic))$/,
    clients: ['firebase_admin.firestore.client'],
    methods: /^(get|set|update|delete|add|stream|commit|create|list_documents|list_collections)$/,
  },
  pymongo: {
    label: 'PyMongo, a sync driver',
    fix: "Use PyMongo's `AsyncMongoClient` (or Motor) and `await` the call.",
    clients: ['pymongo.MongoClient', 'pymongo.mongo_client.MongoClient'],
    annotations: ['pymongo.MongoClient', 'pymongo.collection.Collection', 'pymongo.database.Database'],
    methods: /^(find|find_one|insert_one|insert_many|update_one|update_many|replace_one|delete_one|delete_many|aggregate|count_documents|estimated_document_count|distinct|find_one_and_update|find_one_and_delete|find_one_and_replace|bulk_write|create_index|create_indexes|drop|drop_index|list_collection_names|list_database_names|command|server_info|watch)$/,
  },
  elasticsearch: {
    label: 'the sync Elasticsearch client',
    fix: 'Use `AsyncElasticsearch` and `await` the call.',
    clients: ['elasticsearch.Elasticsearch'],
    annotations: ['elasticsearch.Elasticsearch'],
    methods: /^(search|index|get|delete|update|bulk|count|exists|mget|msearch|delete_by_query|update_by_query|scroll|clear_scroll|create|refresh|put_mapping|get_mapping|open_point_in_time|info|ping)$/,
  },
  dns: {
    label: 'a blocking DNS lookup',
    fix: 'Use `await asyncio.get_running_loop().getaddrinfo(...)` (or `dns.asyncresolver`), or `await run_in_threadpool(...)`.',
    functions: /^(socket\.(gethostbyname|gethostbyname_ex|gethostbyaddr|getaddrinfo|getnameinfo|getfqdn|create_connection)|dns\.resolver\.(resolve|query|resolve_address))$/,
    clients: ['dns.resolver.Resolver'],
    methods: /^(resolve|query|resolve_address)$/,
  },
  psutil: {
    label: 'psutil with an `interval`: it sleeps that long',
    fix: 'Call it with `interval=None` (the usage since the previous call), or `await run_in_threadpool(...)`.',
    functions: /^psutil\.(cpu_percent|cpu_times_percent)$/,
    clients: ['psutil.Process'],
    methods: /^cpu_percent$/,
    blocksWith: { keyword: 'interval', position: 0 },
  },
};

/** Qualified client constructor -> SDK id. */
export const SDK_CLIENTS: Record<string, string> = Object.fromEntries(
  Object.entries(SYNC_SDKS).flatMap(([id, sdk]) => (sdk.clients ?? []).map((c) => [c, id])),
);

/** Qualified annotation -> SDK id. */
export const SDK_ANNOTATIONS: Record<string, string> = Object.fromEntries(
  Object.entries(SYNC_SDKS).flatMap(([id, sdk]) => (sdk.annotations ?? []).map((c) => [c, id])),
);

/** The SDK a module-level qualified call belongs to, when it blocks. */
export function sdkFunction(qualified: string): string | null {
  for (const [id, sdk] of Object.entries(SYNC_SDKS)) if (sdk.functions?.test(qualified)) return id;
  return null;
}
