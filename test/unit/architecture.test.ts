import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The import directions are enforced by eslint.config.js; these cases prove the rules bite.
const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').length;
}

describe('import directions', () => {
  it.each([
    ['views may not call an action', 'views/x.tsx', "import { createCatalog } from '../src/modules/catalog/create-catalog.ts';\nexport const x = createCatalog;", 1],
    ['views may import types from src', 'views/x.tsx', "import type { Orm } from '../src/db/orm.ts';\nexport type X = Orm;", 0],
    ['views may use pure rules', 'views/x.tsx', "import { PERIODS } from '../src/modules/catalog/rules/constants.ts';\nexport const x = PERIODS;", 0],
    ['pure rules may not touch entities', 'src/modules/catalog/rules/x.ts', "import { Package } from '../catalog.entities.ts';\nexport const x = Package;", 1],
    ['pure rules may not use the database driver', 'src/modules/shared/x.ts', "import { MikroORM } from '@mikro-orm/postgresql';\nexport const x = MikroORM;", 1],
    ['src may not import jobs', 'src/x.ts', "import { startWorkers } from '../jobs/worker.ts';\nexport const x = startWorkers;", 1],
    ['actions may not import HTTP', 'src/modules/catalog/x.ts', "import { Hono } from 'hono';\nexport const x = Hono;", 1],
    ['route handlers may not query entities', 'src/http/admin/x.ts', "import { Package } from '../../modules/catalog/catalog.entities.ts';\nexport const x = Package;", 1],
    ['jobs may import actions', 'jobs/x.ts', "import { createCatalog } from '../src/modules/catalog/create-catalog.ts';\nexport const x = createCatalog;", 0],
  ])('%s', async (_name, file, code, expected) => {
    expect(await problems(file, code)).toBe(expected);
  });
});
