import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, ORIGIN, type TestApp } from '../../helpers/app.ts';

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
});
