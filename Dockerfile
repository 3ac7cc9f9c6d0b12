# contactd container image. The build stage compiles the TypeScript and the native SQLite driver; the runtime
# stage holds the build and the production dependencies only, and runs as an unprivileged user with SQLite's
# data on the /data volume. Build: docker build -t contactd .   Run: see docs/container.md.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# better-sqlite3 compiles from source where no prebuilt binary can be downloaded: a compiler and Node's headers.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local
# Dependencies first, so a change to the sources does not reinstall them. The root's prepare script (the
# build) is skipped here because the sources are not copied yet; the dependencies' own scripts run in rebuild.
COPY package.json package-lock.json ./
COPY packages/client/package.json packages/client/
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src src
COPY packages/client packages/client
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@contactd

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATABASE_URL=sqlite:/data/contactd.sqlite
WORKDIR /app
RUN groupadd --system --gid 10001 contactd \
 && useradd --system --uid 10001 --gid contactd --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin contactd \
 && mkdir /data \
 && chown contactd:contactd /data
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY bin bin
COPY LICENSE README.md ./
COPY openapi/openapi.json openapi/
USER contactd
VOLUME ["/data"]
EXPOSE 8080
# Liveness: the process answers HTTP. (Readiness, which also checks the database, is for load balancers.)
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/api/v2/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) drains in-flight requests and closes the database before the process exits.
ENTRYPOINT ["node", "/app/bin/contactd.js"]
CMD ["serve"]
