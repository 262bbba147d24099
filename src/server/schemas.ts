/**
 * The API's one error shape, for OpenAPI and serialisation: a code, a message a person can act
 * on, the parameter at fault (search) and field errors (ingest) where they apply.
 */
export const errorSchema = {
  type: 'object',
  properties: {
    error: { type: 'string' },
    message: { type: 'string' },
    param: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { index: { type: ['integer', 'null'] }, item: { type: 'integer' }, field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
} as const;
