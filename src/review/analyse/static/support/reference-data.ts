/**
 * Reference and configuration data: small tables every signed-in user may read whole (categories,
 * plans, roles, settings, templates), judged by the head word of a class name or path segment
 * (`IncidentRole` -> role, `/feature-flags` -> flags, `BillingPlan` -> plan).
 */
const REFERENCE = new Set([
  'category', 'categories', 'country', 'countries', 'currency', 'currencies', 'language', 'languages', 'locale', 'locales',
  'timezone', 'timezones', 'tag', 'tags', 'role', 'roles', 'permission', 'permissions', 'plan', 'plans', 'tier', 'tiers',
  'setting', 'settings', 'config', 'configs', 'configuration', 'configurations', 'option', 'options', 'preference',
  'preferences', 'flag', 'flags', 'lookup', 'lookups', 'type', 'types', 'kind', 'kinds', 'status', 'statuses', 'template',
  'templates', 'provider', 'providers', 'integration', 'integrations', 'key', 'keys', 'scope', 'scopes', 'label', 'labels',
  'priority', 'priorities', 'severity', 'severities', 'stage', 'stages',
]);

/** The last word of a class name or path segment, lower-cased. */
export function headWord(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^A-Za-z0-9]+/).filter(Boolean);
  return (words[words.length - 1] ?? '').toLowerCase();
}

/** True when a class name or path segment names reference / configuration data. */
export function isReferenceName(name: string): boolean {
  return REFERENCE.has(headWord(name));
}

/**
 * Catalogue data that anyone may read by id, whoever created the row (a pricing plan, a category):
 * narrower than REFERENCE, since settings, keys or preferences may well be private to a user.
 */
const CATALOGUE = new Set([
  'plan', 'plans', 'tier', 'tiers', 'category', 'categories', 'country', 'countries', 'currency', 'currencies', 'language',
  'languages', 'locale', 'locales', 'timezone', 'timezones', 'tag', 'tags', 'type', 'types', 'kind', 'kinds', 'label', 'labels',
  'faq', 'faqs', 'product', 'products', 'price', 'prices',
]);

/**
 * Rows that grow with use: activity written by traffic (events, runs, messages, payments) and content people keep
 * adding (posts, documents, tasks, tickets). One parent's such rows grow with everything done under it; one parent's
 * configuration (an organisation's projects, an agent's resources and tools, a deployment's blocks) stays a handful.
 */
const GROWS_WITH_USE = new Set([
  'event', 'events', 'log', 'logs', 'execution', 'executions', 'run', 'runs', 'message', 'messages', 'notification',
  'notifications', 'transaction', 'transactions', 'payment', 'payments', 'order', 'orders', 'audit', 'audits', 'activity',
  'activities', 'history', 'histories', 'entry', 'entries', 'record', 'records', 'comment', 'comments', 'job', 'jobs',
  'attempt', 'attempts', 'request', 'requests', 'invoice', 'invoices', 'visit', 'visits', 'click', 'clicks', 'metric',
  'metrics', 'sample', 'samples', 'reading', 'readings', 'trace', 'traces', 'span', 'spans', 'delivery', 'deliveries',
  'vote', 'votes', 'reaction', 'reactions', 'session', 'sessions', 'usage', 'usages',
  'post', 'posts', 'article', 'articles', 'document', 'documents', 'note', 'notes', 'task', 'tasks', 'ticket', 'tickets',
  'issue', 'issues', 'item', 'items', 'product', 'products', 'contact', 'contacts', 'lead', 'leads', 'photo', 'photos',
  'image', 'images', 'upload', 'uploads', 'review', 'reviews', 'booking', 'bookings', 'reservation', 'reservations',
]);

/** True when a class name, table or path segment names rows that grow with use (see GROWS_WITH_USE). */
export function growsWithUse(name: string): boolean {
  return GROWS_WITH_USE.has(headWord(name));
}

export function isCatalogueName(name: string): boolean {
  return CATALOGUE.has(headWord(name));
}

/**
 * A many-to-one relationship to reference data (`tag.tag_type`, `incident.incident_priority`): its lazy
 * load goes through the session's identity map, so a loop costs one query per distinct target (a
 * handful), not one per row.
 */
export function loadsFromIdentityMap(rel: { many: boolean; target: string | null }): boolean {
  return !rel.many && !!rel.target && isReferenceName(rel.target);
}

/** Who wrote a row: read with the row, never used to find rows. */
const AUDIT_COLUMN = /^(created|updated|modified|deleted|archived|restored|approved|reviewed|last_modified)_?by(_id)?$|^(creator|updater|modifier|editor|author_of_change)_id$/;

/**
 * A foreign key nobody filters or deletes by in practice: an audit column (`created_by`), or a
 * reference to a small lookup table (`template_id`, `incident_priority`, `tag`), whose rows are few
 * and rarely deleted; or any key of such a lookup table itself (`case_type.project_id`): it holds a
 * handful of rows, which a scan reads as fast as an index would. `referenced` and `child` are tables
 * or classes, optionally schema-qualified.
 */
export function isRarelyJoinedKey(column: string, referenced: string, child?: string): boolean {
  return AUDIT_COLUMN.test(column) || isReferenceName(referenced.replace(/^.*\./, '')) || (!!child && LOOKUP_TABLE.has(headWord(child.replace(/^.*\./, ''))));
}

/** Lookup tables by their head word: a list of kinds, states or levels an admin keeps (`case_type`, `incident_severity`). */
const LOOKUP_TABLE = new Set([
  'type', 'types', 'kind', 'kinds', 'status', 'statuses', 'priority', 'priorities', 'severity', 'severities', 'category',
  'categories', 'template', 'templates', 'stage', 'stages',
]);
