/** A minimal cookie-keeping HTTP client that follows redirects by hand, like a browser would. */
export class CookieClient {
  readonly #jar = new Map<string, string>();

  /** `fetcher` sends the requests (e.g. through a proxy in the test); the global fetch by default. */
  constructor(private readonly fetcher: typeof fetch = fetch) {}

  #store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair?.indexOf('=') ?? -1;
      if (!pair || index < 0) continue;
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.#jar.delete(name);
      else this.#jar.set(name, value);
    }
  }

  get cookie(): string {
    return [...this.#jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(url: URL | string, init: RequestInit = {}): Promise<Response> {
    const response = await this.fetcher(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookie },
    });
    this.#store(response);
    return response;
  }

  /**
   * Follows redirects until one leaves `origin` (the IdP), and returns that URL; or the last response. `visited`:
   * every URL requested, in order.
   */
  async follow(
    url: URL | string,
    origin: string,
    init: RequestInit = {},
  ): Promise<{ response: Response; exit?: URL; visited: URL[] }> {
    let current = new URL(url);
    const visited = [current];
    let response = await this.request(current, init);
    for (let hops = 0; hops < 10; hops += 1) {
      const location = response.headers.get('location');
      if (!location) return { response, visited };
      const next = new URL(location, current);
      if (next.origin !== origin) return { response, exit: next, visited };
      current = next;
      visited.push(next);
      response = await this.request(next);
    }
    throw new Error('too many redirects');
  }
}
