# localhooks: the offline Codehooks.io runtime in one image, in place of the official six-container local stack.
# Build it once from this repository's folder:   docker build -t localhooks .
# then start it beside your app with docker-compose.yml (see docs/docker.md).

# Build stage: the dev dependencies compile the TypeScript sources to dist/.
FROM node:24-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `npm ci` would run our `prepare` (tsc) before the sources are here; the build runs below.
RUN npm ci --ignore-scripts --no-audit --no-fund
# The sources tsc compiles (.dockerignore leaves out tests, benchmarks, docs and node_modules).
COPY . .
RUN npm run build

# Runtime stage: production dependencies, the compiled runtime and the CLI; no compiler, no sources.
FROM node:24-slim
# The user owns /data. An app that writes files into its own bind-mounted folder needs the user's uid to match
# the folder's owner on Linux: docker build --build-arg LOCALHOOKS_UID=$(id -u) --build-arg LOCALHOOKS_GID=$(id -g)
ARG LOCALHOOKS_UID=1000
ARG LOCALHOOKS_GID=1000
WORKDIR /opt/localhooks
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` needs tsc, a dev dependency; dist/ comes from the build stage. Without their install
# scripts classic-level still loads its bundled prebuilt binary and esbuild its platform package.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY bin ./bin
# For `localhooks create` in the container; with bin and dist, what the npm package ships (package.json "files").
COPY templates ./templates
COPY docker/entrypoint.mjs ./docker/entrypoint.mjs
# A generated `localhooks` wrapper rather than a symlink to bin/: a CRLF checkout would break the shebang.
RUN if [ "$LOCALHOOKS_GID" != 1000 ]; then groupmod -o -g "$LOCALHOOKS_GID" node; fi \
 && if [ "$LOCALHOOKS_UID" != 1000 ]; then usermod -o -u "$LOCALHOOKS_UID" node; fi \
 && printf '#!/bin/sh\nexec node /opt/localhooks/bin/localhooks.js "$@"\n' > /usr/local/bin/localhooks \
 && chmod 755 /usr/local/bin/localhooks \
 && mkdir -p /userapp /data \
 && chown node:node /userapp /data
# 0.0.0.0: the published port arrives from the bridge network, not loopback.
# POLL: bind mounts from macOS and Windows deliver no file events (set LOCALHOOKS_POLL=0 on Linux for native events).
# ADMIN_OPEN: the host's CLI (npx localhooks workflow-status) also arrives from the bridge address.
# BUILD_DIR: compiled bundles stay inside the container, so the app folder may be mounted read-only.
# PORT is left alone: the app's .env sets it for the host side of the port mapping.
ENV LOCALHOOKS_HOST=0.0.0.0 \
    LOCALHOOKS_PORT=8080 \
    LOCALHOOKS_POLL=1 \
    LOCALHOOKS_ADMIN_OPEN=1 \
    LOCALHOOKS_BUILD_DIR=/tmp/localhooks-build
USER node
EXPOSE 8080
# node is in the image, curl is not. The health route answers even while the app has a build error: the server is up.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.LOCALHOOKS_PORT||8080)+'/.localhooks/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "/opt/localhooks/docker/entrypoint.mjs"]
