/** The URL without its user and password (a `NATS_URL`/`REDIS_URL` may carry one), for what the start command prints. */
export const withoutCredentials = (url: string) => url.replace(/\/\/[^/@]*@/g, '//');
