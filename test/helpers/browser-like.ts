/** A minimal cookie-keeping HTTP client that follows redirects by hand, like a browser would. */
export class CookieClient {
  readonly #jar = new Map<string, string>();

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
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookie },
    });
    this.#store(response);
    return response;
  }

  /** Follows redirects until one leaves `origin` (the IdP), and returns that URL; or the last response. */
  async follow(
    url: URL | string,
    origin: string,
    init: RequestInit = {},
  ): Promise<{ response: Response; exit?: URL }> {
    let response = await this.request(url, init);
    for (let hops = 0; hops < 10; hops += 1) {
      const location = response.headers.get('location');
      if (!location) return { response };
      const next = new URL(location, response.url || String(url));
      if (next.origin !== origin) return { response, exit: next };
      response = await this.request(next);
    }
    throw new Error('too many redirects');
  }
}
