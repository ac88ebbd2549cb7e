import type { HttpApp } from '@li-bus/service-kit';
import { buildOpenApiDocument } from './openapi-document.ts';
import { HTML_HEADERS, escapeHtml, page } from '../http/html.ts';

type Json = Record<string, unknown>;

/** A self-hosted, script-free API reference rendered from the OpenAPI document (no third-party CDN). */
function renderDocs(doc: ReturnType<typeof buildOpenApiDocument>): string {
  const sections = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Json>).map(([method, op]) => {
      const body = (op['requestBody'] as Json | undefined)?.['content'];
      const responses = Object.entries(op['responses'] as Record<string, Json>)
        .map(([status, r]) => `<li><code>${escapeHtml(status)}</code> ${escapeHtml(r['description'])}</li>`)
        .join('');
      const schema = body
        ? `<details><summary>Request body schema</summary><pre>${escapeHtml(JSON.stringify(body, null, 2))}</pre></details>`
        : '';
      return `<section id="${escapeHtml(`${method}-${path}`)}"><h2><code>${escapeHtml(method.toUpperCase())} ${escapeHtml(path)}</code></h2>
<p>${escapeHtml(op['summary'])}</p>${schema}<ul>${responses}</ul></section>`;
    }),
  );
  return page(
    'auth-gateway API',
    `<h1>auth-gateway API</h1><p class="muted">Authenticate with <code>Authorization: Bearer &lt;key&gt;</code> or
<code>X-API-Key</code>. Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>${sections.join('')}`,
  ).replace('max-width:32rem', 'max-width:60rem');
}

export function registerOpenApi(app: HttpApp): void {
  const doc = buildOpenApiDocument();
  const html = renderDocs(doc);
  app.get('/openapi.json', async () => doc);
  app.get('/docs', async (_request, reply) => reply.headers(HTML_HEADERS).send(html));
}
