/**
 * Run the e2e server by hand to look at the pages: `npx tsx test/e2e/support/dev.ts [port]`.
 * Not a test; prints the URL and the admin token.
 */
import { ensureWebBuilt } from '../../../scripts/lib/web-build.ts';
import { ADMIN_TOKEN, startServer } from './server.ts';

ensureWebBuilt();
const server = await startServer();
console.log(`${server.url}  token=${ADMIN_TOKEN}  seeds=${server.seeds.map((s) => s.outcome).join(',')}`);
process.on('SIGINT', () => void server.close().then(() => process.exit(0)));
