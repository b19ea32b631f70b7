/**
 * `../shared` beside the repository (the form, the seed reports, real samples): one rule for
 * every suite that reads it. On a developer's machine without it the suite is skipped with a
 * line saying so; under `CI=true` a missing `../shared` is a broken checkout, and the suite
 * fails instead of passing quietly.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** The `../shared` folder. */
export const SHARED_DIR = resolve(import.meta.dirname, '../../../shared');

/** A path inside `../shared`, e.g. `sharedPath('samples', 'seeds')`. */
export function sharedPath(...parts: string[]): string {
  return resolve(SHARED_DIR, ...parts);
}

/** The national template's blank Word file (国办公开办函〔2021〕30号). */
export const BLANK_TEMPLATE = sharedPath('samples', 'real', 'template-2021-blank.docx');

const inCi = (env: NodeJS.ProcessEnv = process.env) => env.CI === 'true' || env.CI === '1';

/**
 * Is this part of `../shared` there? True when it is; false (and a line in the log) when it is
 * not on a developer's machine; under CI=true, throws, so the suite that needs it fails.
 */
export function needsShared(path: string | URL, what: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (existsSync(path)) return true;
  const shown = path instanceof URL ? fileURLToPath(path) : path;
  if (inCi(env)) throw new Error(`${what}: ${shown} is absent, and CI=true: a CI checkout must have ../shared beside the repository.`);
  console.log(`${what}: ${shown} is absent; skipped (under CI=true this fails).`);
  return false;
}
