// HTTP calls whose every answer (status, headers, body) is kept as text, e.g. to scan them for secrets.
import { request } from 'undici';

export interface CapturedAnswer {
  status: number;
  body: string;
}

export interface HttpCapture {
  readonly answers: string[];
  call(
    url: string,
    init?: { method?: string; headers?: Record<string, string>; json?: unknown },
  ): Promise<CapturedAnswer>;
}

export function createHttpCapture(): HttpCapture {
  const answers: string[] = [];
  return {
    answers,
    async call(url, init = {}) {
      const response = await request(url, {
        method: (init.method ?? (init.json === undefined ? 'GET' : 'POST')) as 'GET',
        headers: {
          ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
          ...init.headers,
        },
        ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
      });
      const body = await response.body.text();
      answers.push(
        `${init.method ?? 'GET'} ${url} ${response.statusCode} ${JSON.stringify(response.headers)}\n${body}`,
      );
      return { status: response.statusCode, body };
    },
  };
}
