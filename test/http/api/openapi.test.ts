import Ajv2020Module from '@redocly/ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestSchemas } from '../../../src/http/api/openapi.ts';
import { makeTestApp, ORIGIN, type TestApp } from '../../helpers/app.ts';

// A CommonJS class whose default export TypeScript sees one level down.
const Ajv2020 = Ajv2020Module as unknown as typeof Ajv2020Module.default;

type Media = { schema: unknown; example?: unknown; examples?: Record<string, { value?: unknown }> };
type Operation = {
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
};
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

/** Each operation of the document with its method and path. */
function operations(doc: Doc) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => method !== 'parameters')
      .map(([method, operation]) => ({ at: `${method} ${path}`, method, operation })),
  );
}

/** The examples of a media type, whether given as `example` or `examples`. */
const examplesOf = (media: Media) => [
  ...(media.example !== undefined ? [media.example] : []),
  ...Object.values(media.examples ?? {}).map((e) => e.value),
];

/** The operation's main answer: its 200, 201 or 202 JSON response. */
const mainResponse = (op: Operation) => (op.responses['200'] ?? op.responses['201'] ?? op.responses['202'])?.content?.['application/json'];

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe('/api/v1/openapi.json', () => {
  it('documents every API route the app serves', async () => {
    const doc = (await (await t.app.request(`${ORIGIN}/api/v1/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const served = t.app.routes
      .filter((r) => r.path.startsWith('/api/v1/') && !r.path.includes('*') && r.path !== '/api/v1/openapi.json' && r.method !== 'ALL')
      .map((r) => `${r.method.toLowerCase()} ${r.path.slice('/api/v1'.length).replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`);
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((k) => k !== 'parameters')
          .map((m) => `${m} ${path}`),
      ),
    );
    expect(served.length).toBeGreaterThan(30);
    expect(served.filter((r) => !documented.has(r))).toEqual([]);
  });

  it('takes request bodies from the same schemas the routes validate with', async () => {
    const doc = (await (await t.app.request(`${ORIGIN}/api/v1/openapi.json`)).json()) as {
      components: {
        schemas: Record<
          string,
          {
            properties: Record<
              string,
              { pattern?: string; maximum?: number; items?: { required?: string[]; properties: Record<string, { maximum?: number }> } }
            >;
            required?: string[];
          }
        >;
      };
    };
    const order = doc.components.schemas.OrderInput!;
    expect(order.required).toEqual(expect.arrayContaining(['clientId']));
    // Several lines (a cart), or one package inline: each line needs its package and price.
    expect(order.properties.lines!.items!.required).toEqual(expect.arrayContaining(['packageId', 'priceName']));
    expect(order.properties.lines!.items!.properties.quantity!.maximum).toBe(100);
    expect(order.properties.quantity!.maximum).toBe(100);
    expect(doc.components.schemas.QuoteRequest!.properties.orderDate!.pattern).toBe('^\\d{4}-\\d{2}-\\d{2}$');
  });

  it('gives every write a request example and every JSON answer a response example, each valid against its schema', async () => {
    const doc = (await (await t.app.request(`${ORIGIN}/api/v1/openapi.json`)).json()) as Doc;
    // The validator Redocly's linter uses (npm run lint:api); the components sit under $defs so refs resolve.
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    const withDefs = (schema: unknown) =>
      JSON.parse(
        JSON.stringify({ ...(schema as object), $defs: doc.components.schemas }).replaceAll('#/components/schemas/', '#/$defs/'),
      ) as object;
    const invalid: string[] = [];
    const check = (at: string, media: Media) => {
      const validate = ajv.compile(withDefs(media.schema));
      for (const example of examplesOf(media)) if (!validate(example)) invalid.push(`${at}: ${ajv.errorsText(validate.errors)}`);
    };

    const writes = operations(doc).filter(({ method }) => ['post', 'put', 'patch'].includes(method));
    expect(writes.filter(({ operation }) => operation.requestBody).length).toBeGreaterThan(30);
    const bodiesWithout = writes.filter(({ operation }) =>
      Object.values(operation.requestBody?.content ?? {}).some((media) => examplesOf(media).length === 0),
    );
    expect(bodiesWithout.map((w) => w.at)).toEqual([]);

    const answers = operations(doc).filter(({ operation }) => mainResponse(operation));
    expect(answers.length).toBeGreaterThan(60);
    expect(answers.filter(({ operation }) => examplesOf(mainResponse(operation)!).length === 0).map((a) => a.at)).toEqual([]);

    for (const { at, operation } of operations(doc)) {
      for (const media of Object.values(operation.requestBody?.content ?? {})) check(`${at} request`, media);
      const main = mainResponse(operation);
      if (main) check(`${at} response`, main);
    }
    expect(invalid).toEqual([]);
  });

  it('has request examples the routes’ own zod schemas accept', async () => {
    const doc = (await (await t.app.request(`${ORIGIN}/api/v1/openapi.json`)).json()) as Doc;
    const refused: string[] = [];
    for (const { at, operation } of operations(doc)) {
      const media = operation.requestBody?.content['application/json'];
      const name = (media?.schema as { $ref?: string } | undefined)?.$ref?.split('/').pop();
      const [schema, partial] = requestSchemas[name ?? ''] ?? [];
      // A PATCH example is merged with the stored values before the route validates it: the JSON Schema check covers it.
      if (!media || !schema || partial) continue;
      for (const example of examplesOf(media)) {
        const parsed = schema.safeParse(example);
        if (!parsed.success) refused.push(`${at}: ${parsed.error.message}`);
      }
    }
    expect(refused).toEqual([]);
  });
});
