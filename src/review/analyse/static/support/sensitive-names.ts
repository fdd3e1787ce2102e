/**
 * Names that mention a secret without holding one, shared by every rule that matches sensitive names
 * (ORM columns and request models a route returns, table columns an RLS policy opens, names logged or
 * hard-coded).
 */

/** The words of an identifier or key: snake, kebab, dotted and camel case split, lower-cased. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** First words of a yes/no flag: `is_secret`, `has_password`, `requires_token`. */
const FLAG_LEADS = new Set([
  'is', 'has', 'have', 'can', 'should', 'must', 'allow', 'allows', 'use', 'uses', 'enable', 'require', 'requires', 'need',
  'needs', 'was', 'did', 'will',
]);
/** Last words of a yes/no flag or a state: `mfa_enabled`, `api_key_set`, `password_configured`, `token_revoked`. */
const FLAG_TAILS = new Set([
  'enabled', 'disabled', 'set', 'configured', 'verified', 'confirmed', 'required', 'present', 'exists', 'valid',
  'invalid', 'active', 'provided', 'missing', 'changed', 'sent', 'used', 'revoked', 'expired', 'locked', 'rotated',
]);
/** Last words of a fact about the value: when (`secret_expires_at`), how many (`token_count`), what kind, which one. */
const META_TAILS = new Set([
  'at', 'on', 'date', 'time', 'timestamp', 'count', 'counts', 'length', 'len', 'type', 'types', 'kind', 'id', 'ids',
  'status', 'version', 'attempts', 'algorithm', 'algo',
]);
/** Words that make the whole name about the lifetime of the value (`token_expires_in`, `otp_ttl_seconds`). */
const LIFETIME_WORDS = new Set(['expires', 'expire', 'expiry', 'expiration', 'ttl', 'lifetime']);

/**
 * True when a name that mentions a secret only describes it: a flag (`is_secret`, `has_password`,
 * `mfa_enabled`, `api_key_set`, `password_configured`), a time or lifetime (`secret_expires_at`,
 * `token_expires_in`), a count (`token_count`), a kind or a reference (`token_type`, `api_key_id`).
 */
export function describesSecret(name: string): boolean {
  const words = nameWords(name);
  if (words.length < 2) return false;
  const last = words[words.length - 1];
  return FLAG_LEADS.has(words[0]) || FLAG_TAILS.has(last) || META_TAILS.has(last) || words.some((w) => LIFETIME_WORDS.has(w));
}

/**
 * True for a declared Python / SQLAlchemy type that cannot hold a credential: a boolean or a point or
 * span of time (`Column(Boolean)`, `Mapped[bool]`, `is_secret: bool`, `DateTime(timezone=True)`).
 */
export function typeHoldsNoSecret(typeText: string): boolean {
  const t = typeText.replace(/\s/g, '').replace(/^(Mapped|Optional)\[(.*)\]$/, '$2').replace(/^Optional\[(.*)\]$/, '$1');
  return /^(?:[\w.]+\.)?(Boolean|BOOLEAN|bool|StrictBool|DateTime|DATETIME|TIMESTAMP|Date|DATE|Time|TIME|Interval|datetime|date|time|timedelta)(\(.*\))?(\|None)?$/.test(t);
}
