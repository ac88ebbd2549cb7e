const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f2ee;margin:0;padding:2rem}
main{max-width:32rem;margin:auto;background:#fff;border-radius:8px;padding:1.5rem;box-shadow:0 1px 3px #0003}
h1{font-size:1.25rem}.banner{font-size:.8rem;color:#666}
button{font-size:1rem;padding:.5rem 1.25rem;border-radius:1.5rem;border:1px solid #0a66c2;margin-right:.5rem}
button[value=allow]{background:#0a66c2;color:#fff}button[value=cancel]{background:#fff;color:#0a66c2}
</style>
</head>
<body><main><p class="banner">LinkedIn emulator (not linkedin.com)</p>${body}</main></body>
</html>
`;
}
