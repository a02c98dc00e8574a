import { expect } from 'vitest';
import type { TestApp } from '../../helpers/app.ts';

export type Json = { data?: any; meta?: any; error?: { status: number; message: string; fields?: Record<string, string> } };
export type ApiResult = { status: number; json: Json; headers: Headers };

/** Requests to /api/v1 with a bearer token (both read when called, so they may be set in beforeAll); an object body is sent as JSON, a string body as it is. */
export function apiCaller(app: () => TestApp, defaultToken: () => string) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    opts: { token?: string | null; headers?: Record<string, string> } = {},
  ): Promise<ApiResult> => {
    const token = opts.token === undefined ? defaultToken() : opts.token;
    const headers: Record<string, string> = {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    };
    const res = await app().app.request(`http://localhost/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: Json = {};
    if (text) {
      expect(res.headers.get('content-type') ?? '', `${method} ${path}`).toContain('application/json');
      json = JSON.parse(text) as Json;
    }
    return { status: res.status, json, headers: res.headers };
  };
}

/** A JSON error of the status, naming the field when given: never HTML, never a 500. */
export function expectApiError(r: ApiResult, status: number, field?: string) {
  expect(r.status, JSON.stringify(r.json)).toBe(status);
  expect(r.json.error?.status).toBe(status);
  expect(r.json.error?.message.length).toBeGreaterThan(0);
  if (field) expect(r.json.error?.fields?.[field], JSON.stringify(r.json)).toBeTruthy();
}
