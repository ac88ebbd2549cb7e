// Scenario 9: a full run with generated token values, then every log line, stream message, Redis value, HTTP
// answer and exported span scanned for them (0 occurrences; spans and logs also for the connect sessions and
// states); then tampered and swapped sealed values, none of which may open.
import { SUBJECTS } from '@li-bus/contracts';
import { requestPost } from '@li-bus/client';
import { API_KEY, startTestSystem } from '@li-bus/dev-stack/system';
import {
  allRedisContents,
  allStreamContents,
  findSecrets,
  oneTimeUrlValues,
  spanContents,
} from '@li-bus/dev-stack/testing/secret-scan';
import { startOtlpReceiver } from '@li-bus/testkit';
import { createKeyring, generateKeySpec } from '@li-bus/sealing';
import { defineScenario, type Figure } from '../src/scenario.ts';
import { emulatorPosts, raiseCreateQuotas } from '../src/emulator-admin.ts';
import { tapEvents } from '../src/event-tap.ts';
import { createGeneratedSecrets } from '../src/generated-secrets.ts';
import { createHttpCapture } from '../src/http-capture.ts';
import { driveHygieneRun } from '../src/hygiene-run.ts';
import { SCENARIO_PUBLISHER_ENV } from '../src/reliability-system.ts';
import { forgedAccessTokens, injectForgedRefreshes } from '../src/sealed-injection.ts';
import { readSealedTokens, swapSealedTokens } from '../src/sealed-records.ts';
import { tamperedVariants, tryOpenAll } from '../src/sealed-tampering.ts';

export default defineScenario({
  id: '09-secret-hygiene',
  title:
    'Secret hygiene: generated tokens never appear anywhere; tampered and swapped sealed values never open',
  fast: true,
  async run({ scale, log }) {
    const full = scale === 'full';
    const secrets = createGeneratedSecrets();
    const browserCodes: string[] = [];
    // Every span the services export lands here (OTLP/HTTP JSON) and is scanned with the rest.
    const receiver = await startOtlpReceiver();
    const system = await startTestSystem(
      {
        logLevel: 'trace',
        commonEnv: {
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
          OTEL_BSP_SCHEDULE_DELAY: '100',
        },
        env: {
          publisher: { ...SCENARIO_PUBLISHER_ENV },
          'auth-gateway': { RATE_LIMIT_PER_MINUTE: '1000000' },
        },
      },
      { secretValues: secrets.values },
    );
    const tap = tapEvents(system.nc, ['token.>', 'post.>']);
    try {
      await raiseCreateQuotas(system.emulator.url);
      const http = createHttpCapture();
      const { connectionIds } = await driveHygieneRun({
        system,
        http,
        tap,
        members: full ? 6 : 3,
        postsPerConnection: full ? 20 : 4,
        onCode: (code) => browserCodes.push(code),
        log,
      });

      // Swapped end to end: connection A's sealed tokens written into B's record must not act for B.
      const [a = '', b = ''] = connectionIds;
      // Every connection but the revoked last one, read before B's record is tampered with below.
      const healthy = connectionIds.slice(0, -1);
      const sealedBeforeSwap = await Promise.all(healthy.map((id) => readSealedTokens(system.redis.url, id)));
      const [sealedA, sealedB] = sealedBeforeSwap;
      if (!sealedA || !sealedB) throw new Error('no sealed tokens for the first two connections');

      // Forged on the bus: token.refreshed events for B carrying A's sealed token or B's own, tampered.
      const template = tap.matching(SUBJECTS.tokenRefreshed, 'connectionId', b)[0]?.body;
      if (!template) throw new Error(`no token.refreshed seen for ${b}`);
      const forged = forgedAccessTokens(sealedB.accessToken, sealedA.accessToken);
      const forgedSent = await injectForgedRefreshes(system.nc, template, forged);
      const forgedStored = Number(
        (await readSealedTokens(system.redis.url, b)).accessToken !== sealedB.accessToken,
      );
      const postsBefore = (await emulatorPosts(system.emulator.url)).length;
      const refreshedBefore = tap.matching(SUBJECTS.tokenRefreshed, 'connectionId', b).length;
      await swapSealedTokens(system.redis.url, a, b);
      await requestPost(
        system.nc,
        { requestId: 'hygiene-swapped', connectionId: b, text: "A's token" },
        { wait: false },
      );
      const swappedPost = await tap.waitFor(SUBJECTS.postFailed, 'requestId', 'hygiene-swapped');
      await http.call(`${system.gatewayUrl}/v1/connections/${b}/refresh`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}` },
      });
      const swappedRefresh = await tap.waitFor(SUBJECTS.tokenRefreshFailed, 'connectionId', b, 30_000);
      const swappedUses =
        (await emulatorPosts(system.emulator.url)).length -
        postsBefore +
        tap.matching(SUBJECTS.tokenRefreshed, 'connectionId', b).length -
        refreshedBefore;
      log(
        `swapped: post ${String(swappedPost.body['code'])}, refresh ${String(swappedRefresh.body['code'])}`,
      );

      // The scan. Every code the browser carried must be one the emulator generated (so the list is complete).
      const unknownCodes = browserCodes.filter((code) => !secrets.issued.authorizationCode.includes(code));
      const scanFor = secrets.named({
        'client secret': system.emulator.app.clientSecret,
        'API key': API_KEY,
      });
      // Sessions and states travel in URLs (and so in some HTTP answers) by design; never in logs or spans.
      const oneTime = oneTimeUrlValues(http.answers);
      const places = {
        'log lines': system.logs,
        'stream messages and KV entries': await allStreamContents(system.nc),
        'Redis keys and values': await allRedisContents(system.redis.url),
        'HTTP answers': http.answers,
        'exported spans': spanContents(receiver.spans),
      };
      const withOneTime = new Set(['log lines', 'exported spans']);
      const scanFigures: Figure[] = Object.entries(places).flatMap(([place, haystack]) => {
        const hits = findSecrets(haystack, withOneTime.has(place) ? { ...scanFor, ...oneTime } : scanFor);
        for (const hit of hits.slice(0, 3)) log(`LEAK in ${place}: ${hit.secret}: ${hit.excerpt}`);
        return [
          { name: `${place} scanned`, value: haystack.length, bar: { min: 1 } },
          { name: `secret occurrences in ${place}`, value: hits.length, bar: { eq: 0 } },
        ];
      });

      // Tampered and swapped sealed values, opened with the system's keys (plus a second key, for key-id swaps).
      const keyring = createKeyring(`${system.tokenEncryptionKeys},${generateKeySpec('other')}`);
      const variants = sealedBeforeSwap.flatMap((tokens, i) => {
        const owner = healthy[i] ?? '';
        const others = {
          otherKeyIds: ['other'],
          otherConnectionIds: connectionIds.filter((id) => id !== owner),
        };
        return [tokens.accessToken, tokens.refreshToken].flatMap((sealed) =>
          sealed ? tamperedVariants(sealed, owner, others) : [],
        );
      });
      const attempts = tryOpenAll(keyring, variants);
      for (const example of attempts.examples) log(example);
      log(`open attempts by region: ${JSON.stringify(attempts.byRegion)}`);

      return [
        {
          name: 'generated access tokens',
          value: secrets.issued.accessToken.length,
          bar: { min: 2 * connectionIds.length },
        },
        {
          name: 'generated refresh tokens',
          value: secrets.issued.refreshToken.length,
          bar: { min: connectionIds.length },
        },
        {
          name: 'generated authorization codes',
          value: secrets.issued.authorizationCode.length,
          bar: { min: connectionIds.length },
        },
        {
          name: 'codes seen by the browser that the scan did not know',
          value: unknownCodes.length,
          bar: { eq: 0 },
        },
        { name: 'values scanned for', value: Object.keys(scanFor).length },
        {
          name: 'connect sessions and states scanned for (in logs and spans)',
          value: Object.keys(oneTime).length,
          bar: { min: 2 },
        },
        {
          name: 'planted leaks found (the scanner checked on a cut-off token and the client secret)',
          value: findSecrets(
            [
              `token=${(secrets.issued.accessToken[0] ?? '').slice(0, 60)}…`,
              `secret ${system.emulator.app.clientSecret}`,
            ],
            scanFor,
          ).length,
          bar: { eq: 2 },
        },
        ...scanFigures,
        { name: 'tampered or swapped open attempts', value: attempts.attempts, bar: { min: 100 } },
        { name: 'tampered or swapped values opened', value: attempts.opened, bar: { eq: 0 } },
        { name: 'refused without a SealError', value: attempts.unclear, bar: { eq: 0 } },
        {
          name: 'forged token.refreshed events (swapped or tampered token) sent',
          value: forgedSent,
          bar: { min: 7 },
        },
        { name: 'forged token.refreshed events stored by token-keeper', value: forgedStored, bar: { eq: 0 } },
        { name: 'swapped record: posts or refreshes made with it', value: swappedUses, bar: { eq: 0 } },
        {
          name: 'swapped record: post.failed reauth_required and token.refresh.failed reauth_required',
          value:
            Number(swappedPost.body['code'] === 'reauth_required') +
            Number(swappedRefresh.body['code'] === 'reauth_required'),
          bar: { eq: 2 },
        },
      ];
    } finally {
      tap.stop();
      await system.close();
      await receiver.close();
    }
  },
});
