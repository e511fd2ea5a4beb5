import { it } from 'vitest';
import { startTestIdp } from '/work/main/test/helpers/idp.js';
import { startRedis } from '/work/main/test/helpers/redis.js';

it('bench', async () => {
  const redis = await startRedis();
  for (const store of [undefined, redis.url, undefined, redis.url]) {
    const idp = await startTestIdp({ store });
    const url = `${idp.listenUrl}/.well-known/openid-configuration`;
    for (let i = 0; i < 200; i++) await (await fetch(url)).text();
    const started = performance.now();
    const n = 2000;
    for (let i = 0; i < n; i++) await (await fetch(url)).text();
    console.log(store ? 'redis ' : 'memory', ((performance.now() - started) / n).toFixed(3), 'ms/request');
    await idp.stop();
  }
  await redis.stop();
}, 120_000);
