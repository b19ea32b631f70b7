/** A real server and browser for one describe block: started before its tests, closed after them. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ensureWebBuilt } from '../../../scripts/lib/web-build.ts';
import { launch } from './browser.ts';
import { startServer } from './server.ts';
import type { E2eServer, ServerOptions } from './server.ts';

export interface Suite {
  readonly server: E2eServer;
  readonly browser: Browser;
}

export function serverAndBrowser(options: ServerOptions = {}): Suite {
  const s: { server?: E2eServer; browser?: Browser } = {};
  beforeAll(async () => {
    ensureWebBuilt();
    s.server = await startServer(options);
    s.browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await s.browser?.close();
    await s.server?.close();
  });
  return {
    get server() { return s.server!; },
    get browser() { return s.browser!; },
  };
}
