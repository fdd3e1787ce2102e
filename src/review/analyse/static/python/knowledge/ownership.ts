import { tableName as snake } from '../../support/names.js';
import { tableName, type OrmModel } from './orm.js';

/** Column names that say who a row belongs to. */
const OWNER_NAMES = 'user_id|owner_id|account_id|customer_id|tenant_id|org_id|organization_id|organisation_id|created_by|author_id|member_id|team_id|workspace_id|company_id|merchant_id|profile_id|client_id|owned_by|created_by_id|uploaded_by';
const OWNER_NAME = new RegExp(`^(${OWNER_NAMES})$`);
const OWNER_IN_TEXT = new RegExp(`\\b(${OWNER_NAMES}|\\w+_by)\\b`, 'i');

/** True when SQL text (or any query text) filters or reads a conventional owner column. */
export function mentionsOwnerColumn(text: string): boolean {
  return OWNER_IN_TEXT.test(text);
}
/** Tables whose rows are principals (people, accounts, tenants). */
const PRINCIPAL_TABLE = /(^|_)(users?|accounts?|profiles?|members?|customers?|owners?|tenants?|organi[sz]ations?|orgs?|workspaces?|compan(y|ies)|patrons?|clients?)$/i;

/**
 * The columns of a mapped class that hold its owner: a conventional owner column, a foreign key to a
 * principal table, or one to the class the authenticated caller is (`policyholder_id` -> policyholders
 * when the current-user dependency returns a Policyholder).
 */
export function ownerColumns(model: OrmModel, principal: OrmModel | null): string[] {
  const principalRefs = principal ? new Set([tableName(principal), principal.cls.name]) : null;
  const principalColumn = principal ? `${snake(principal.cls.name)}_id` : null;
  return [...model.columns].filter((c) => {
    if (OWNER_NAME.test(c) || c === principalColumn) return true;
    const ref = model.foreignKeys.get(c);
    return !!ref && (principalRefs?.has(ref) || PRINCIPAL_TABLE.test(ref));
  });
}
