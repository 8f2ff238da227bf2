// A REST API for any collection in one line, with JSON Schema validation for the ones you list.
import { app } from 'codehooks-js';

// crudlify validates POST and PUT bodies against these schemas (JSON Schema, checked with ajv) and answers
// 400 with the validation errors. Listing collections also limits the API to them.
const schemas = {
  todos: {
    type: 'object',
    properties: {
      title: { type: 'string', minLength: 1, maxLength: 200 },
      done: { type: 'boolean' },
      priority: { type: 'integer', minimum: 1, maximum: 5 },
      tags: { type: 'array', items: { type: 'string' } },
    },
    required: ['title'],
    additionalProperties: false,
  },
};

app.get('/', (req, res) => {
  res.json({ collections: Object.keys(schemas), try: 'GET /dev/todos' });
});

// POST/GET /todos, GET/PUT/PATCH/DELETE /todos/:id, PATCH/DELETE /todos/_byquery
app.crudlify(schemas);

export default app.init();
