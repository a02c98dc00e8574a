import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import createClient from 'openapi-fetch';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, ORIGIN, type TestApp } from '../../helpers/app.ts';
import { makePackage, seedBasics } from '../fixtures.ts';

// What an integrator does with the API document: generate typed paths with openapi-typescript,
// compile a client against them, and call the API with openapi-fetch.

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
// Inside node_modules, so the generated files resolve openapi-fetch as an integrator's would.
const DIR = join(ROOT, 'node_modules', '.cache', `generated-client-${process.pid}`);

/** The calls an integrator's code makes, compiled against the generated types. */
const CLIENT = `import createClient from 'openapi-fetch';
import type { paths } from './schema.ts';

const client = createClient<paths>({ baseUrl: 'http://localhost/api/v1' });

export async function calls() {
  const packages = await client.GET('/packages', { params: { query: { perPage: 5, sort: 'name' } } });
  const created = await client.POST('/clients', { body: { name: 'Grace Hopper', email: 'grace@example.com', country: 'US' } });
  const billing = await client.GET('/settings/billing');
  return [packages.data, created.data, billing.data];
}
`;

/** Type errors of `files` (name -> source) compiled together, as strict TypeScript sees them. */
async function typeErrors(files: Record<string, string>): Promise<string[]> {
  await mkdir(DIR, { recursive: true });
  for (const [name, source] of Object.entries(files)) await writeFile(join(DIR, name), source);
  const program = ts.createProgram(
    Object.keys(files).map((f) => join(DIR, f)),
    {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      allowImportingTsExtensions: true,
      skipLibCheck: true,
      types: [],
    },
  );
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

let t: TestApp;
let token: string;
let schema: string;

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  await makePackage(t, catalogId, 'Generated client box');
  token = await apiToken(t, 'owner');
  const doc = (await (await t.app.request(`${ORIGIN}/api/v1/openapi.json`)).json()) as Parameters<typeof openapiTS>[0];
  schema = astToString(await openapiTS(doc));
  await writeFile(join(await mkdir(DIR, { recursive: true }).then(() => DIR), 'package.json'), JSON.stringify({ type: 'module' }));
});
afterAll(async () => {
  await rm(DIR, { recursive: true, force: true });
  await t.close();
});

describe('a client generated from the API document', () => {
  it('compiles against the generated types, and a call the document does not describe does not', async () => {
    expect(schema).toContain('"/settings/billing": {');
    expect(await typeErrors({ 'schema.ts': schema, 'client.ts': CLIENT })).toEqual([]);
    const wrong = CLIENT.replace("client.GET('/settings/billing')", "client.GET('/settings/billings')").replace(
      'perPage: 5',
      "perPage: 'five'",
    );
    const errors = await typeErrors({ 'schema.ts': schema, 'wrong.ts': wrong });
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });

  it('calls three routes through openapi-fetch', async () => {
    // The document's server is /api/v1; requests go to the app as they would over the network.
    const fetchApp = async (input: Request) => t.app.request(input);
    const client = createClient<Record<string, never>>({
      baseUrl: `${ORIGIN}/api/v1`,
      headers: { authorization: `Bearer ${token}` },
      fetch: fetchApp,
    });
    const call = client as unknown as {
      GET(path: string, init?: unknown): Promise<{ data?: { data: unknown }; error?: unknown; response: Response }>;
      POST(path: string, init?: unknown): Promise<{ data?: { data: unknown }; error?: unknown; response: Response }>;
    };
    const packages = await call.GET('/packages', { params: { query: { perPage: 5, sort: 'name' } } });
    expect(packages.response.status).toBe(200);
    expect(JSON.stringify(packages.data)).toContain('Generated client box');
    const created = await call.POST('/clients', { body: { name: 'Grace Hopper', email: 'grace@example.com', country: 'US' } });
    expect(created.response.status).toBe(201);
    expect(created.data!.data).toMatchObject({ name: 'Grace Hopper', email: 'grace@example.com' });
    const billing = await call.GET('/settings/billing');
    expect(billing.response.status).toBe(200);
    expect(billing.data!.data).toHaveProperty('reservationMinutes');
    const refused = await call.POST('/clients', { body: { name: '', email: 'not an email' } });
    expect(refused.response.status).toBe(422);
  });
});
