import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startOptions } from '../../src/cli/start.js';

// No container engine runs here and hadolint is not in Debian: the files are checked as text, and the arguments
// they give mock-idp are run through its own command-line parser.
const read = (name: string) => readFileSync(fileURLToPath(new URL(`../../${name}`, import.meta.url)), 'utf8');
const dockerfile = read('Dockerfile');
const compose = parse(read('docker-compose.yml')) as {
  services: Record<string, { image?: string; build?: string; command?: string[]; ports?: string[] }>;
};

/** The instructions of the Dockerfile, as `[KEYWORD, rest of the line]` (continuations joined). */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))
  .map((line) => {
    const [keyword = '', ...rest] = line.trim().split(/\s+/);
    return [keyword.toUpperCase(), rest.join(' ')] as const;
  });
const argsOf = (keyword: string) => instructions.filter(([k]) => k === keyword).map(([, rest]) => rest);

/** mock-idp's arguments in the image: the entrypoint's after `start`, then the container's own. */
function startArgs(command: string[] = []): string[] {
  const entrypoint = JSON.parse(argsOf('ENTRYPOINT')[0] ?? '[]') as string[];
  return [...entrypoint.slice(entrypoint.indexOf('start') + 1), ...command];
}

describe('Dockerfile', () => {
  it('has no problem dockerfile-utils finds (syntax, instructions, flags, ports)', () => {
    expect(validate(dockerfile)).toEqual([]);
  });

  it('is multi-stage on a slim Node image, runs as a non-root user, checks health on discovery', () => {
    const stages = argsOf('FROM');
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toMatch(/^node:\d+-slim\b/);
    expect(argsOf('USER').at(-1)).toBe('node');
    expect(argsOf('HEALTHCHECK')[0]).toContain('/.well-known/openid-configuration');
  });

  it("starts mock-idp with arguments its parser takes, listening on the container's interfaces", () => {
    const options = startOptions(startArgs(), {});
    expect(options.host).toBe('0.0.0.0');
  });
});

describe('docker-compose.yml', () => {
  const replicas = Object.values(compose.services).filter((service) => service.build === '.');

  it('runs two IdP replicas on one Redis behind a proxy, published on loopback only', () => {
    expect(replicas).toHaveLength(2);
    expect(compose.services.redis?.image).toMatch(/^redis:/);
    expect(compose.services.proxy?.ports).toEqual(['127.0.0.1:9400:80']);
  });

  it('gives each replica the shared store and --trust-proxy, accepted by the command-line parser', () => {
    for (const replica of replicas) {
      const options = startOptions(startArgs(replica.command), {});
      expect(options.store).toBe('redis://redis:6379/0');
      expect(options.trustProxy).toBe(true);
    }
  });
});
