import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The structure enforces itself: lint refuses an import against the layers (eslint.config.mjs),
// no module depends on itself through others (type-only imports included, which the lint rule
// skips), and no source file grows past what one reads in a sitting.

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCE_DIRS = ['app', 'components', 'server', 'shared', 'prisma', 'bench', 'e2e', 'scripts', 'test'];
const SKIP = /(^|\/)(node_modules|generated|\.next)(\/|$)/;

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of entries) {
      const p = path.join(dir, name);
      if (SKIP.test(path.relative(ROOT, p))) continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|tsx|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
    }
  };
  for (const d of SOURCE_DIRS) walk(path.join(ROOT, d));
  return out;
}

describe('layers', () => {
  const eslint = new ESLint({ cwd: ROOT });
  // Each probe is a line placed in a real file of a layer; the rule that must refuse it.
  const probes: [string, string, string][] = [
    ['server/domain/scope.ts', "import { rooms } from '../realtime/rooms';", 'import-x/no-restricted-paths'],
    ['server/domain/scope.ts', "import type { Runtime } from '../runtime';", 'import-x/no-restricted-paths'],
    ['server/domain/scope.ts', "import { withTenant } from '../db/tenant';", 'no-restricted-imports'],
    [
      'server/db/tenant.ts',
      "import { audit } from '../domain/audit/append';",
      'import-x/no-restricted-paths',
    ],
    [
      'server/lib/errors.ts',
      "import { env } from '../env';\nimport { db } from '../db/client';",
      'import-x/no-restricted-paths',
    ],
    [
      'server/trpc/root.ts',
      "import { createApiHandler } from '../http/api';",
      'import-x/no-restricted-paths',
    ],
    [
      'components/chat/format.ts',
      "import { logger } from '@/server/lib/logger';",
      '@typescript-eslint/no-restricted-imports',
    ],
    ['components/chat/format.ts', "import { z } from 'zod';", '@typescript-eslint/no-restricted-imports'],
    [
      'components/chat/format.ts',
      "import { Shell } from '@/app/(app)/layout';",
      'import-x/no-restricted-paths',
    ],
    // Test helpers stay out of the product, on both sides.
    [
      'server/domain/scope.ts',
      "import { testRuntime } from '../../test/runtime';",
      'import-x/no-restricted-paths',
    ],
    ['components/chat/format.ts', "import { signUp } from '@/test/actors';", 'import-x/no-restricted-paths'],
    ['prisma/seed.ts', "import { callerFor } from '../test/actors';", 'import-x/no-restricted-paths'],
  ];
  it.each(probes)('refuses in %s: %s', async (file, line, rule) => {
    const text = `${line}\n${readFileSync(path.join(ROOT, file), 'utf8')}`;
    const [result] = await eslint.lintText(text, { filePath: path.join(ROOT, file) });
    expect(result?.messages.map((m) => m.ruleId)).toContain(rule);
  });

  it('accepts the files as they are (the probes above are what fails)', async () => {
    const [result] = await eslint.lintFiles([path.join(ROOT, 'server/domain/scope.ts')]);
    expect(result?.messages).toEqual([]);
  });

  it('has no import cycles, type-only imports included', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(ROOT, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => undefined,
      },
    );
    const options = config?.options ?? {};
    const files = sourceFiles().filter((f) => !f.endsWith('.mjs'));
    const known = new Set(files);
    const edges = new Map<string, string[]>();
    for (const file of files) {
      const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const deps: string[] = [];
      for (const ref of info.importedFiles) {
        const resolved = ts.resolveModuleName(ref.fileName, file, options, ts.sys).resolvedModule;
        if (resolved && known.has(resolved.resolvedFileName)) deps.push(resolved.resolvedFileName);
      }
      edges.set(file, deps);
    }
    // Tarjan's strongly connected components: every component of more than one file is a cycle.
    let index = 0;
    const idx = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (v: string) => {
      idx.set(v, index);
      low.set(v, index++);
      stack.push(v);
      onStack.add(v);
      for (const w of edges.get(v) ?? []) {
        if (!idx.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
      if (low.get(v) === idx.get(v)) {
        const scc: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          scc.push(path.relative(ROOT, w));
        } while (w !== v);
        if (scc.length > 1 || (edges.get(v) ?? []).includes(v)) cycles.push(scc.sort());
      }
    };
    for (const f of files) if (!idx.has(f)) visit(f);
    expect(edges.size).toBeGreaterThan(100);
    expect(cycles).toEqual([]);
  });

  it('keeps every source file outside tests and migrations within 400 lines', () => {
    const long = sourceFiles()
      // Tests and their helpers (test/, e2e/) are not product code.
      .filter((f) => !/\.(test|spec)\.tsx?$/.test(f) && !/^(e2e|test)\//.test(path.relative(ROOT, f)))
      .map((f) => [path.relative(ROOT, f), readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, n]) => n > 400);
    expect(long).toEqual([]);
  });
});
