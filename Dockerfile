# mock-idp container image: a mock OpenID Connect IdP for testing. Not for production.
# Build: docker build -t mock-idp .    Run: docker run --rm -p 9400:9400 mock-idp
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
# npm ci builds (prepare: tsc, then the esbuild bundle); dev tooling is pruned afterwards.
RUN npm ci && npm prune --omit=dev

FROM node:22-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY config ./config
COPY scenarios ./scenarios
# The signing keys (and the TLS certificate) are made on first start in /data/.mock-idp: mount a volume there
# to keep them across restarts.
RUN mkdir /data && chown node:node /data
USER node
WORKDIR /data
EXPOSE 9400
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9400/.well-known/openid-configuration').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Listening on all interfaces inside the container; publish the port to loopback only unless you mean it.
ENTRYPOINT ["node", "/app/dist/cli/launch.js", "start", "--host", "0.0.0.0"]
CMD []
