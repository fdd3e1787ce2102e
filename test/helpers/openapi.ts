import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
// ajv and ajv-formats are CommonJS; require keeps their constructors typed and callable.
const Ajv = require('ajv').default as typeof import('ajv').default;
const addFormats = require('ajv-formats').default as (ajv: InstanceType<typeof Ajv>) => void;
const spec = require('../fixtures/openapi/operations.json') as { operations: Record<string, { schema: object }> };

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validators = new Map<string, ValidateFunction>();

/**
 * Validates a request body against GitHub's OpenAPI description of the operation (extracted by
 * scripts/extract-openapi.mjs). Throws with the schema errors when it is not valid.
 */
export function assertValidRequestBody(operation: string, body: unknown): void {
  let validate = validators.get(operation);
  if (!validate) {
    const entry = spec.operations[operation];
    if (!entry) throw new Error(`no OpenAPI schema extracted for ${operation}`);
    validate = ajv.compile(entry.schema);
    validators.set(operation, validate);
  }
  if (!validate(body)) throw new Error(`${operation}: request body violates GitHub's OpenAPI schema: ${ajv.errorsText(validate.errors)}`);
}
