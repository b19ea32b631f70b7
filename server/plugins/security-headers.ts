/**
 * Protective headers on every response: API answers, CSV, errors, the built web app and its
 * assets (an `onSend` hook registered first, so static files and 404s get them too).
 *
 * The dashboard's policy: scripts only from this server (the Vite build has no inline script;
 * `index.html` loads its module by URL), no eval, nothing fetched from or sent to another host,
 * no plugins, no `<base>`, never framed. `style-src` allows inline styles: ECharts writes its
 * tooltips as HTML with `style="…"` attributes, and Vue's `:style` bindings are harmless; the
 * risk of inline CSS is small beside a broken tooltip. Images may be `data:` URLs (the printed
 * charts are PNG snapshots; the favicon is `data:,`).
 *
 * A download (`Content-Disposition: attachment`: originals, CSV) gets a stricter, sandboxing
 * policy: an uploaded HTML report opened from the browser's download bar runs no script in
 * this origin.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const DOWNLOAD_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  // The dashboard's URLs (organ, filters) are nobody else's business.
  'referrer-policy': 'no-referrer',
  // frame-ancestors for browsers that predate it.
  'x-frame-options': 'DENY',
};

export default fp(async function securityHeaders(app: FastifyInstance) {
  app.addHook('onSend', async (_request, reply, payload) => {
    const download = /^\s*attachment/i.test(String(reply.getHeader('content-disposition') ?? ''));
    reply.header('content-security-policy', download ? DOWNLOAD_POLICY : CONTENT_SECURITY_POLICY);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    return payload;
  });
}, { name: 'security-headers' });
