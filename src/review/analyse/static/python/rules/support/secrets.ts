import { jwtRole } from '../../model/service-key.js';

/** Names that hold a credential. */
export const SECRET_NAME = /secret|passw(or)?d|passwd|pwd|token|api_?key|apikey|access_?key|private_?key|service_?role|service_?key|signing_?key|jwt_?key|credential|auth_?key|encryption_?key|master_?key/i;
/** Names that look credential-like but hold metadata about one. */
export const NOT_SECRET_NAME = /(_id|_ids|_url|_uri|_path|_file|_dir|_name|_header|_type|_field|_length|_len|_ttl|_expire|_expires|_expiry|_minutes|_seconds|_days|_hours|_algorithm|_alg|_prefix|_endpoint|_scheme|_version|_count|_size|_at|_column|_param|_query|_regex|_pattern|_env|_var|_hash|_hashed|_location|_audience|_issuer|_method|_mode|_format|_kind|_label|_policy|_lifetime|_rotation|_timeout)$|^(token_?url|hashed_password|password_hash)$|(^|_)(is|has|use|enable|enabled|require|required|min|max|num)_/i;

/** Credentials recognisable by their value alone. */
const HIGH_CONFIDENCE: { re: RegExp; what: string }[] = [
  { re: /^sb_secret_[\w-]{10,}$/, what: 'a Supabase secret key' },
  { re: /^(sk|rk)_live_[0-9a-zA-Z]{16,}$/, what: 'a live Stripe key' },
  { re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'a private key' },
  { re: /^(ghp|gho|ghs|ghu)_[A-Za-z0-9]{30,}$|^github_pat_\w{30,}$/, what: 'a GitHub token' },
  { re: /^xox[abpr]-[\w-]{10,}$/, what: 'a Slack token' },
];

const PLACEHOLDER = /change[-_ .]?me|replace[-_ ]?me|your[-_ ]|example|dummy|placeholder|xxx|\*\*\*|todo|fixme|sample|fake|test|(^|[-_ ])dev([-_ ]|$)|dev[-_]?only|insecure|not[-_ ]?a[-_ ]?secret|do[-_ ]?not[-_ ]?use|^secret$|^password$|^none$|^null$|<.*>|\$\{.*\}|\{\{.*\}\}|^\s*$/i;
const LOCAL_HOSTS = /^(localhost|127\.0\.0\.1|0\.0\.0\.0|db|postgres|postgresql|database|host\.docker\.internal|\[::1\])$/i;

/** What a literal value is when it is a credential on its own (a service-role JWT, sb_secret_...). */
export function credentialByValue(value: string): string | null {
  const role = jwtRole(value);
  if (role === 'service_role') return 'a Supabase service-role JWT';
  for (const h of HIGH_CONFIDENCE) if (h.re.test(value)) return h.what;
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
  if (jwtRole(value) === 'anon') return false; // the anon key is public by design
  // Words and identifiers (`secret_agent`, `read-write`) are labels, not keys: require digits or mixed case.
  const mixed = (/[0-9]/.test(value) && /[A-Za-z]/.test(value)) || (/[a-z]/.test(value) && /[A-Z]/.test(value) && value.length >= 16);
  return mixed && new Set(value).size >= 8;
}

/** A secret-named variable (`jwt_secret`, `SUPABASE_SERVICE_KEY`) that is not metadata about one. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name);
}
