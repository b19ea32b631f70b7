/**
 * `npm run lint`: the layers the code is built in, and a few correctness rules. Kept small on
 * purpose; formatting is prettier's (`npm run format:check`), types are tsc's.
 *
 * The layers (one way, file → reader → parser → record → checks → repositories → routes → web):
 * - db/ never imports server/ (schema, migrations, dialect and sort keys stand alone);
 * - shared/ (template, metrics, filters, enums, organ names: what the web shares) imports
 *   nothing of server/, db/ or web/;
 * - server/checks/ is pure rules: no database, no repositories, no services;
 * - repositories never import services (flags, aggregates, corrections, ingest, organs, routes);
 * - routes never open a transaction: only the report-write service (server/flags/write.ts) and the
 *   ingest batch do, and writers recompute flags only through that service;
 * - web/src imports only shared/ (and the API's schemas, types only: the contract);
 * - no cycle between folders (server/<folder>, db, shared, web/src/<folder>).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';

const ROOT = dirname(fileURLToPath(import.meta.url));

// ------------------------------------------------------------------ no cycle between folders

/**
 * The folder a file belongs to for the cycle rule: server/<x>, web/src/<x>, db, shared. A file
 * directly in server/ or web/src/ (app.ts, csv.ts, main.ts, format.ts) is a unit of its own: the
 * app's wiring imports the folders, and the folders may import such a small module back.
 */
function folderOf(rel) {
  const parts = rel.split('/');
  if (parts[0] === 'server') return parts.length > 2 ? parts.slice(0, 2).join('/') : rel;
  if (parts[0] === 'web' && parts[1] === 'src') return parts.length > 3 ? parts.slice(0, 3).join('/') : rel;
  return parts.length > 1 ? parts[0] : rel;
}

// The product's folders; scripts/ and test/ are tooling around them and may use any of them.
const SCANNED = ['server', 'db', 'shared', 'web/src'];
const IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;
let graph = null;

/** Folder → folders it imports, from every source file under SCANNED (read once per lint run). */
function folderGraph() {
  if (graph) return graph;
  graph = new Map();
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|mts|mjs|js|vue)$/.test(name)) {
        const from = folderOf(relative(ROOT, path));
        for (const m of readFileSync(path, 'utf8').matchAll(IMPORT)) {
          const to = folderOf(relative(ROOT, resolve(dirname(path), m[1])));
          if (to === from) continue;
          if (!graph.has(from)) graph.set(from, new Set());
          graph.get(from).add(to);
        }
      }
    }
  };
  for (const dir of SCANNED) walk(join(ROOT, dir));
  return graph;
}

/** The folders on a path from `from` to `to`, or null when `to` cannot be reached. */
function pathBetween(from, to) {
  const g = folderGraph();
  const prev = new Map([[from, null]]);
  const queue = [from];
  while (queue.length) {
    const at = queue.shift();
    if (at === to) {
      const path = [];
      for (let n = to; n !== null; n = prev.get(n)) path.unshift(n);
      return path;
    }
    for (const next of g.get(at) ?? [])
      if (!prev.has(next)) {
        prev.set(next, at);
        queue.push(next);
      }
  }
  return null;
}

const noFolderCycles = {
  meta: { type: 'problem', docs: { description: 'no cycle between folders' }, schema: [] },
  create(context) {
    const file = relative(ROOT, context.filename);
    const from = folderOf(file);
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const to = folderOf(relative(ROOT, resolve(dirname(context.filename), spec)));
      if (to === from) return;
      const back = pathBetween(to, from);
      if (back) context.report({ node, message: `Folder cycle: ${from} → ${back.join(' → ')}. Move the shared part down a layer.` });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

// ------------------------------------------------------------------ layers as import rules

const local = { rules: { 'no-folder-cycles': noFolderCycles } };
const restrict = (...patterns) => ['error', { patterns }];
const pattern = (regex, message, allowTypeImports = false, importNames = undefined) => ({
  regex,
  message,
  ...(allowTypeImports ? { allowTypeImports } : {}),
  ...(importNames ? { importNames } : {}),
});

const SERVICES = '(flags|aggregates|corrections|ingest|organs|routes|plugins|demo)';

export default tseslint.config(
  { ignores: ['node_modules/**', 'web/dist/**', 'test-output/**', 'data/**', '**/*.d.ts'] },
  {
    files: ['**/*.{ts,mts,mjs,js}'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin, local },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      // Correctness, few and cheap (no type information needed).
      'no-debugger': 'error',
      'no-dupe-keys': 'error',
      'no-duplicate-case': 'error',
      'no-unreachable': 'error',
      'no-unsafe-finally': 'error',
      'no-self-assign': 'error',
      'no-self-compare': 'error',
      'no-compare-neg-zero': 'error',
      'no-cond-assign': ['error', 'except-parens'],
      'no-sparse-arrays': 'error',
      'no-unsafe-negation': 'error',
      'use-isnan': 'error',
      'valid-typeof': 'error',
      'no-async-promise-executor': 'error',
      '@typescript-eslint/no-unsafe-declaration-merging': 'error',
      '@typescript-eslint/no-duplicate-enum-values': 'error',
    },
  },
  {
    files: ['server/**/*.{ts,mts,mjs,js}', 'db/**/*.ts', 'shared/**/*.ts'],
    rules: { 'local/no-folder-cycles': 'error' },
  },
  {
    // Before the per-folder blocks below, which set the same rule for their folders.
    files: ['server/**/*.{ts,mts,mjs,js}'],
    ignores: ['server/flags/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        pattern(
          '(^|/)flags/recompute(\\.ts)?$',
          'Writers recompute flags through the report-write service (server/flags/write.ts: writeWithFlags, recomputeChanged).',
          false,
          ['recomputeFlags', 'recomputeOrganFlags'],
        ),
      ),
    },
  },
  {
    files: ['db/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        pattern('(^|/)(server|web)/', 'db/ never imports server/ (or web/): move what both need to db/ or shared/.'),
      ),
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        pattern('(^|/)(server|db|web)/', 'shared/ is what the web and the server share: it imports nothing of server/, db/ or web/.'),
        pattern('^(node:|kysely$|better-sqlite3$|fastify)', 'shared/ runs in the browser too: no Node or server packages.'),
      ),
    },
  },
  {
    files: ['server/checks/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        pattern(
          `^\\.\\./(repositories|${SERVICES.slice(1, -1)})/`,
          'server/checks is pure rules (records and context in, findings out): storing and recomputing flags is server/flags.',
        ),
        pattern('(^|/)db/', 'server/checks reads no database (types only).', true),
        pattern('^(kysely|better-sqlite3)$', 'server/checks reads no database.'),
      ),
    },
  },
  {
    files: ['server/repositories/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        pattern(`^\\.\\./${SERVICES}/`, 'Repositories never import services: a service calls a repository, not the other way.'),
      ),
    },
  },
  {
    // Transactions are opened in two places only: the report-write service, and the ingest batch
    // (one transaction, a savepoint per file, recomputeChanged before its commit).
    files: ['server/**/*.{ts,mts,mjs,js}'],
    ignores: ['server/flags/write.ts', 'server/ingest/batch.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(transaction|startTransaction)$/]',
          message:
            'Routes and services open no transactions: write through the report-write service (server/flags/write.ts: writeWithFlags).',
        },
      ],
    },
  },
  {
    files: ['web/src/**/*.ts', 'web/src/**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module', extraFileExtensions: ['.vue'] } },
    plugins: { '@typescript-eslint': tseslint.plugin, local },
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        pattern(
          '(^|/)db/|(^|/)server/(?!schemas/)',
          'The web imports only shared/ (template, metrics, enums); server code stays on the server.',
        ),
        pattern('(^|/)server/schemas/', 'The web takes the API schemas as types only (import type).', true),
      ),
      'local/no-folder-cycles': 'error',
    },
  },
);
