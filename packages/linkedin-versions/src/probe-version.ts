/** What LinkedIn says about one version right now. */
export type ProbeResult =
  | { version: string; accepted: true; status: number }
  | { version: string; accepted: false; status: 426; message: string }
  | { version: string; accepted: undefined; status: number; message: string };

/**
 * A cheap versioned call (`GET /rest/organizationAcls`, one element) with a stored token: LinkedIn checks the
 * token, then the version (426), then scopes; so any answer but 401 and 426 means the version is accepted.
 */
export async function probeVersion(options: {
  apiBase: string;
  accessToken: string;
  version: string;
  timeoutMs?: number;
}): Promise<ProbeResult> {
  const url = new URL('/rest/organizationAcls?q=roleAssignee&state=APPROVED&count=1', options.apiBase);
  const response = await fetch(url, {
    headers: {
      authorization: `Bearer ${options.accessToken}`,
      'linkedin-version': options.version,
      'x-restli-protocol-version': '2.0.0',
    },
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
  });
  const body = (await response.json().catch(() => ({}))) as { message?: unknown };
  const message = typeof body.message === 'string' ? body.message : `HTTP ${response.status}`;
  const { version } = options;
  if (response.status === 426) return { version, accepted: false, status: 426, message };
  if (response.status === 401 || response.status >= 500) {
    return { version, accepted: undefined, status: response.status, message };
  }
  return { version, accepted: true, status: response.status };
}
