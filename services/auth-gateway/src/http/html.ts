const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/** A self-contained page: inline styles only, nothing loaded from anywhere else. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f3f2ef;margin:0;color:#1d2226}
main{max-width:32rem;margin:4rem auto;background:#fff;border-radius:12px;padding:2rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.4rem;margin-top:0}.button{display:inline-block;background:#0a66c2;color:#fff;border:0;
border-radius:24px;padding:.7rem 1.4rem;font-size:1rem;text-decoration:none;cursor:pointer}
.error{color:#b24020}.muted{color:#666;font-size:.9rem}code{background:#eef3f8;padding:.1rem .3rem;border-radius:4px}
</style></head><body><main>${body}</main></body></html>`;
}

/** Security headers for every HTML page the gateway serves. */
export const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
} as const;

/** `HTML_HEADERS` for a page whose form may also end (after our redirect) at one of `origins`, e.g. LinkedIn. */
export function formPageHeaders(...origins: string[]): Record<string, string> {
  return {
    ...HTML_HEADERS,
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${origins.join(' ')}; frame-ancestors 'none'`,
  };
}
