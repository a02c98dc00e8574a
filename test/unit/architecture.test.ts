import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The import directions are enforced by eslint.config.js; these cases prove the rules bite.
// The cases are files that do not exist, which the type-aware rules cannot load into the
// TypeScript project; the import rules need no types, so those rules are off here.
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked });

async function problems(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').length;
}

describe('import directions', () => {
  it.each([
    [
      'views may not call an action',
      'views/x.tsx',
      "import { createCatalog } from '../src/modules/catalog/create-catalog.ts';\nexport const x = createCatalog;",
      1,
    ],
    ['views may import types from src', 'views/x.tsx', "import type { Orm } from '../src/db/orm.ts';\nexport type X = Orm;", 0],
    [
      'views may use pure rules',
      'views/x.tsx',
      "import { PERIODS } from '../src/modules/catalog/rules/constants.ts';\nexport const x = PERIODS;",
      0,
    ],
    [
      'pure rules may not touch entities',
      'src/modules/catalog/rules/x.ts',
      "import { Package } from '../catalog.entities.ts';\nexport const x = Package;",
      1,
    ],
    [
      'pure rules may not use the database driver',
      'src/modules/shared/x.ts',
      "import { MikroORM } from '@mikro-orm/postgresql';\nexport const x = MikroORM;",
      1,
    ],
    ['src may not import jobs', 'src/x.ts', "import { startWorkers } from '../jobs/worker.ts';\nexport const x = startWorkers;", 1],
    ['actions may not import HTTP', 'src/modules/catalog/x.ts', "import { Hono } from 'hono';\nexport const x = Hono;", 1],
    [
      'route handlers may not query entities',
      'src/http/admin/x.ts',
      "import { Package } from '../../modules/catalog/catalog.entities.ts';\nexport const x = Package;",
      1,
    ],
    [
      'jobs may import actions',
      'jobs/x.ts',
      "import { createCatalog } from '../src/modules/catalog/create-catalog.ts';\nexport const x = createCatalog;",
      0,
    ],
    [
      'invoicing may not call services (it announces "invoice paid")',
      'src/modules/invoicing/x.ts',
      "import { createServicesForOrder } from '../services/create-services-for-order.ts';\nexport const x = createServicesForOrder;",
      1,
    ],
    [
      'invoicing may not even name a type of scaling',
      'src/modules/invoicing/x.ts',
      "import type { ServiceChangeStatus } from '../scaling/rules/constants.ts';\nexport type X = ServiceChangeStatus;",
      1,
    ],
    [
      'services may not call billing (it announces "services ended")',
      'src/modules/services/x.ts',
      "import { billAgain } from '../billing/bill-again.ts';\nexport const x = billAgain;",
      1,
    ],
    [
      'a pure rule of catalog may not use orders',
      'src/modules/catalog/rules/x.ts',
      "import { limitProblem } from '../../orders/rules/availability.ts';\nexport const x = limitProblem;",
      1,
    ],
    [
      'shared may not use any module',
      'src/modules/shared/x.ts',
      "import { PERIODS } from '../catalog/rules/constants.ts';\nexport const x = PERIODS;",
      1,
    ],
    [
      'plugins may not reach catalog',
      'src/modules/plugins/x.ts',
      "import { Package } from '../catalog/catalog.entities.ts';\nexport const x = Package;",
      1,
    ],
    [
      'billing may call invoicing and services below it',
      'src/modules/billing/x.ts',
      "import { voidInvoice } from '../invoicing/void-invoice.ts';\nimport { SERVICE_STATUSES } from '../shared/statuses.ts';\nexport const x = [voidInvoice, SERVICE_STATUSES];",
      0,
    ],
    [
      'checkout may call inventory, orders and invoicing',
      'src/modules/checkout/x.ts',
      "import { reservationRows } from '../inventory/reserve-stock.ts';\nimport { payInvoiceIn } from '../invoicing/pay-invoice.ts';\nexport const x = [reservationRows, payInvoiceIn];",
      0,
    ],
  ])('%s', async (_name, file, code, expected) => {
    expect(await problems(file, code)).toBe(expected);
  });
});

// The module order, checked on the code itself: every import between modules goes downward,
// so there is no cycle among modules, whatever lint configuration is in force.
const ROOT = join(import.meta.dirname, '../../src/modules');
const ORDER: string[] = JSON.parse(readFileSync(join(ROOT, 'module-order.json'), 'utf8'));
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^;'"]*?\s+from\s+)?['"](\.[^'"]+)['"]/g;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

function moduleGraph() {
  const edges = new Map<string, Map<string, string>>();
  for (const file of files(ROOT)) {
    const from = relative(ROOT, file).split('/')[0]!;
    if (!from.includes('.')) {
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const target = relative(ROOT, normalize(join(dirname(file), m[1]!)));
        const to = target.split('/')[0]!;
        if (target.startsWith('..') || to === from || to.includes('.')) continue;
        if (!edges.has(from)) edges.set(from, new Map());
        edges.get(from)!.set(to, relative(ROOT, file));
      }
    }
  }
  return edges;
}

function cycles(edges: Map<string, Map<string, string>>): string[][] {
  const found: string[][] = [];
  const visit = (node: string, path: string[]) => {
    for (const next of edges.get(node)?.keys() ?? []) {
      if (next === path[0]) found.push([...path, next]);
      else if (!path.includes(next) && next > path[0]!) visit(next, [...path, next]);
    }
  };
  for (const start of edges.keys()) visit(start, [start]);
  return found;
}

describe('module order', () => {
  const modules = readdirSync(ROOT).filter((n) => statSync(join(ROOT, n)).isDirectory());
  const edges = moduleGraph();

  it('names every module once', () => {
    expect([...ORDER].sort()).toEqual([...modules].sort());
    expect(new Set(ORDER).size).toBe(ORDER.length);
  });

  it('has no import from a module to one above it', () => {
    const upward = [...edges].flatMap(([from, tos]) =>
      [...tos].filter(([to]) => ORDER.indexOf(to) > ORDER.indexOf(from)).map(([to, file]) => `${from} -> ${to} (${file})`),
    );
    expect(upward).toEqual([]);
  });

  it('has no cycle among modules', () => {
    expect(cycles(edges)).toEqual([]);
  });

  it('the cycle check is not vacuous: it finds a cycle put into a copy of the graph', () => {
    const copy = new Map([...edges].map(([k, v]) => [k, new Map(v)]));
    // As if services called billing again directly, while billing uses services.
    copy.get('services')!.set('billing', 'services/change-service-status.ts');
    expect(cycles(copy)).toContainEqual(['billing', 'services', 'billing']);
  });
});
