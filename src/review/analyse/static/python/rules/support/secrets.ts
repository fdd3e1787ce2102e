import { jwtRole } from '../../knowledge/service-key.js';
import { describesSecret, nameWords } from '../../../support/sensitive-names.js';

export { nameWords };

/** Nouns that name a credential when they end a name (`access_token`, `db_password`, `encoded_jwt`). */
const SECRET_HEADS = new Set(['secret', 'secrets', 'password', 'passwd', 'pwd', 'passphrase', 'passcode', 'token', 'jwt', 'credential', 'credentials', 'creds', 'apikey', 'bearer', 'pat', 'pin', 'otp', 'totp']);
/**
 * What makes a `key` a credential (`api_key`, `service_role_key`), as opposed to a cache or sort key. Not a resource
 * a key names (`webhook_key` is a webhook's key, an identifier; its credential is `webhook_secret` / `webhook_signing_key`).
 */
const KEY_QUALIFIERS = new Set([
  'api', 'secret', 'private', 'signing', 'sign', 'access', 'service', 'role', 'encryption', 'master', 'auth', 'client',
  'jwt', 'hmac', 'admin', 'license', 'supabase', 'stripe', 'openai', 'anthropic', 'aws', 'github', 'slack',
  'sendgrid', 'twilio', 'mailgun', 'postmark', 'resend', 'gemini', 'mistral', 'groq', 'cohere', 'pinecone',
]);
/**
 * Words that make a token-like name something else: a pagination or lock token, a masked or hashed
 * value, a public key, a tokenizer, a count of tokens or of secrets, a flag about a secret (`has_token`,
 * `should_resolve_verification_code`).
 */
const NEUTRAL_WORDS = new Set([
  'masked', 'redacted', 'hashed', 'hash', 'digest', 'fingerprint', 'page', 'next', 'continuation', 'cursor', 'cancel',
  'cancellation', 'lock', 'lease', 'reservation', 'sync', 'idempotency', 'resume', 'pagination', 'public', 'anon', 'publishable', 'tokenizer',
  'tokens', 'max', 'min', 'num', 'is', 'has', 'use', 'enable', 'enabled', 'require', 'required', 'no', 'without', 'csrf',
  'xsrf', 'nonce', 'state', 'placeholder', 'example', 'sample', 'dummy', 'fake', 'mock', 'test', 'push', 'device', 'fcm',
  'apns', 'should', 'can', 'must', 'need', 'needs', 'did', 'was', 'will', 'allow', 'allowed', 'skip',
  // How many (`TOTAL_SECRETS`, `secrets_count`, `n_tokens`): a number about credentials, not one.
  'total', 'count', 'counts', 'counter', 'number', 'len', 'length', 'size', 'remaining', 'processed', 'migrated',
  // Which ones (`missing_secrets`, `optional_secrets`, `undefined_secret`): names a check lists, not values.
  'missing', 'optional', 'defined', 'undefined', 'unknown', 'unused', 'supported', 'available',
  // A piece that identifies it (`short_token = token[:5] + "..." + token[-5:]`, `key_prefix`, `token_preview`).
  'short', 'abbrev', 'abbreviated', 'truncated', 'prefix', 'suffix', 'preview', 'partial', 'last4', 'first4',
]);
/**
 * What a `key` names when it directly follows one of these: a lookup key (`model_key` in a registry,
 * `cache_key`, `s3_object_key`, `sort_key`, `partition_key`), never a credential, whatever provider
 * the name also mentions (`OPENAI_COMPATIBLE_MODEL_KEY`).
 */
const LOOKUP_KEY_NOUNS = new Set([
  'model', 'cache', 'sort', 'partition', 'lookup', 'map', 'dict', 'registry', 'config', 'setting', 'settings', 'field',
  'column', 'object', 's3', 'storage', 'file', 'bucket', 'blob', 'primary', 'foreign', 'composite', 'unique', 'routing',
  'shard', 'group', 'dedup', 'dedupe', 'event', 'message', 'job', 'task', 'queue', 'index', 'row', 'record', 'prompt',
]);
/**
 * Words that make a `token` a piece of content or a position, not a credential: a marker put in a
 * title or a message (`title_with_token`, `comment_token`), a word of a name or a search
 * (`name_token`, `search_token`), where a listing starts (`start_token`), a value a test expects, a
 * tokenizer's special token (`eos_token`).
 */
const CONTENT_TOKEN_WORDS = new Set([
  'start', 'name', 'title', 'subject', 'message', 'comment', 'item', 'file', 'folder', 'task', 'list', 'checklist',
  'search', 'query', 'word', 'text', 'with', 'expected', 'delta', 'change', 'changes', 'card', 'record', 'entity',
  'document', 'doc', 'note', 'issue', 'event', 'meeting', 'row', 'post',
  // A tokenizer's vocabulary (`tokenizer.eos_token`, `pad_token`, `special_tokens`): a marker of a model's text.
  'eos', 'bos', 'pad', 'unk', 'sep', 'cls', 'mask', 'special', 'vocab',
]);
/** One-time codes that are credentials while they live (`reset_password_code`, `otp_code`, `mfa_code`). */
const CODE_QUALIFIERS = new Set(['password', 'reset', 'otp', 'totp', 'verification', 'verify', 'auth', 'login', 'pin', 'mfa', '2fa', 'recovery', 'backup', 'security']);

/**
 * True when a name (`jwt_secret`, `SUPABASE_SERVICE_ROLE_KEY`, `settings.db_password`) holds a credential
 * value, judged by its words: the last word is a credential noun (a `key` needs a credential qualifier),
 * and no word turns it into metadata about one (`api_key_id`, `token_type`, `secrets_dir`,
 * `hashed_password`, `page_token`, `tokenizer_hub`, `raw_secret_safety_status`).
 */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  const head = words[words.length - 1];
  if (!head || words.some((w) => NEUTRAL_WORDS.has(w)) || describesSecret(name)) return false;
  if (head === 'token' && words.some((w) => CONTENT_TOKEN_WORDS.has(w))) return false;
  if (SECRET_HEADS.has(head)) return true;
  if (head === 'code' || head === 'codes') return words.slice(0, -1).some((w) => CODE_QUALIFIERS.has(w));
  if (head !== 'key' && head !== 'keys') return false;
  if (LOOKUP_KEY_NOUNS.has(words[words.length - 2] ?? '')) return false;
  return words.slice(0, -1).some((w) => KEY_QUALIFIERS.has(w));
}

/** Credentials recognisable by their value alone. */
const HIGH_CONFIDENCE: { re: RegExp; what: string }[] = [
  { re: /^sb_secret_[\w-]{10,}$/, what: 'a Supabase secret key' },
  { re: /^(sk|rk)_live_[0-9a-zA-Z]{16,}$/, what: 'a live Stripe key' },
  // A real key has a body of hundreds of base64 characters; `-----BEGIN PRIVATE KEY-----abc-----END...` is a fixture.
  { re: /-----BEGIN [A-Z ]*PRIVATE KEY-----(?:\\n|[\s])*[A-Za-z0-9+/=\s\\n]{200,}-----END/, what: 'a private key' },
  { re: /^(ghp|gho|ghs|ghu)_[A-Za-z0-9]{30,}$|^github_pat_\w{30,}$/, what: 'a GitHub token' },
  { re: /^xox[abpr]-[\w-]{10,}$/, what: 'a Slack token' },
];

const PLACEHOLDER = /change[-_ .]?me|replace[-_ ]?me|your[-_ ]|example|dummy|placeholder|xxx|\*\*\*|todo|fixme|sample|fake|test|(^|[-_ ])dev([-_ ]|$)|dev[-_]?only|development|insecure|not[-_ ]?a[-_ ]?secret|do[-_ ]?not[-_ ]?use|^secret$|^none$|^null$|password|passw0rd|12345|abcdef|qwerty|<.*>|\$\{.*\}|\{\{.*\}\}|^\s*$/i;
/** Keys that are public by design (browser analytics, publishable payment keys). */
const PUBLISHABLE = /^(pk_(live|test)_|phc_|sb_publishable_|pub[-_])/;
const LOCAL_HOSTS = /^(localhost|127\.0\.0\.1|0\.0\.0\.0|db|postgres|postgresql|database|host\.docker\.internal|\[::1\])$/i;

/** What a literal value is when it is a credential on its own (a service-role JWT, sb_secret_...). */
export function credentialByValue(value: string): string | null {
  const role = jwtRole(value);
  if (role === 'service_role') return 'a Supabase service-role JWT';
  // `ghp_xxxxxxxx...`, `sk_live_00000000...`: a documented shape with filler, not a key (eight equal characters in
  // a row never occur in a random key body).
  if (!/(.)\1{7,}/.test(value)) for (const h of HIGH_CONFIDENCE) if (h.re.test(value)) return h.what;
  const dsn = /^[a-z][a-z0-9+]*:\/\/[^:/@\s]+:([^@\s]+)@([^/:?\s]+)/i.exec(value);
  if (dsn && !PLACEHOLDER.test(dsn[1]) && !LOCAL_HOSTS.test(dsn[2]) && dsn[1].length >= 6 && !/^(postgres|password|pass|secret|admin|root)$/i.test(dsn[1])) {
    return 'a connection string with a password';
  }
  return null;
}

/** True when a literal assigned to a secret-named variable looks like a real credential. */
export function looksLikeRealSecret(value: string): boolean {
  if (value.length < 12 || /\s/.test(value) || PLACEHOLDER.test(value)) return false;
  if (/^[A-Z][A-Z0-9_]+$/.test(value)) return false; // an environment variable name
  if (/^https?:\/\//.test(value) || /^[./~]/.test(value)) return false;
  if (jwtRole(value) === 'anon' || PUBLISHABLE.test(value)) return false; // public by design
  // Regular expressions and templates, not keys.
  if (/[[\]{}()|\\^]/.test(value)) return false;
  if (isLabel(value)) return false;
  // Words and identifiers (`secret_agent`, `read-write`) are labels, not keys: require digits or mixed case.
  const mixed = (/[0-9]/.test(value) && /[A-Za-z]/.test(value)) || (/[a-z]/.test(value) && /[A-Z]/.test(value) && value.length >= 16);
  return mixed && new Set(value).size >= 8;
}


/**
 * A label made of words (`oauth2_leaked_token`, `skyvern-mcp-api-key-cache-v1`, `acme_e2e_seed_link`):
 * several separated parts and none of them a random run (a long mix of letters and digits, hex).
 */
function isLabel(value: string): boolean {
  const parts = value.split(/[-_.:/]+/).filter(Boolean);
  return parts.length >= 2 && !parts.some(isRandomRun);
}

function isRandomRun(part: string): boolean {
  const digits = /\d/.test(part);
  const letters = /[a-z]/i.test(part);
  if (/^[0-9a-f]{6,}$/i.test(part) && digits && letters) return true;
  return (part.length >= 10 && digits && letters) || (part.length >= 16 && /[a-z]/.test(part) && /[A-Z]/.test(part));
}
