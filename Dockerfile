# syntax=docker/dockerfile:1
#
# falco-triage's container image: the compiled bot and its production dependencies on a distroless Node.js base,
# run as a non-root user on a read-only root filesystem (docs/operations.md#production-start).
#
#   docker build -t falco-triage .
#   docker run --read-only -p 3000:3000 -p 3001:3001 --env-file .env falco-triage
#
# test/unit/dockerfile.test.ts lints this file and checks the rules below; test/e2e/runtime-image.test.ts builds
# exactly the runtime stage's files from it and runs its command read-only, as user 65532, as PID 1.
#
# Base images are pinned by tag and digest: the tag says what it is, the digest makes the build reproducible and
# cannot be moved under us. Dependabot (.github/dependabot.yml) proposes new digests; a digest can be checked with
# `docker buildx imagetools inspect IMAGE:TAG` or `crane digest IMAGE:TAG`.

# Build and dependency stages. The digest is that of the multi-arch index of node:22.23.1-bookworm-slim on Docker Hub
# as pinned by public projects in mid-2026 (this repository's tooling cannot reach a registry to resolve it itself).
FROM node:22.23.1-bookworm-slim@sha256:6c74791e557ce11fc957704f6d4fe134a7bc8d6f5ca4403205b2966bd488f6b3 AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the package's `prepare` script builds, and the sources are not here yet. No dependency needs an
# install script to build (esbuild, @swc/core and @parcel/watcher are development tools the build does not use).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build
# The data directory, empty, to be copied into the runtime stage owned by the runtime user (which has no shell to
# create it): a volume mounted there starts with that owner.
RUN mkdir -p /rootfs/var/lib/falco-triage

FROM node:22.23.1-bookworm-slim@sha256:6c74791e557ce11fc957704f6d4fe134a7bc8d6f5ca4403205b2966bd488f6b3 AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only (test/unit/architecture/dependencies.test.ts keeps them to what src/ imports); no
# production dependency has an install script.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# Runtime: distroless Node.js 22 (no shell, no package manager), `nonroot` variant. `nonroot` is a rolling tag; the
# digest is that of its multi-arch index (amd64, arm64) as resolved against gcr.io by public projects in mid-2026.
FROM gcr.io/distroless/nodejs22-debian12:nonroot@sha256:13593b7570658e8477de39e2f4a1dd25db2f836d68a0ba771251572d23bb4f8e AS runtime
ARG VERSION=dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="falco-triage" \
      org.opencontainers.image.description="A Slack bot that turns Falco false positives into reviewed, verified rule exceptions." \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="gcr.io/distroless/nodejs22-debian12:nonroot"
# NODE_OPTIONS carries the heap flags (override it to size the heap to another memory limit); --no-liftoff, which
# NODE_OPTIONS refuses, is applied by dist/main.js itself. TMPDIR and the data directory are the only places written.
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-old-space-size=384 --max-semi-space-size=8" \
    PORT=3000 \
    INTERNAL_PORT=3001 \
    FALCO_TRIAGE_DATA_DIR=/var/lib/falco-triage \
    TMPDIR=/tmp
WORKDIR /app
# Owned by root and not writable by the runtime user: the code cannot be changed even without a read-only root.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json ./
COPY --from=build --chown=65532:65532 /rootfs/var/lib/falco-triage /var/lib/falco-triage
USER 65532:65532
VOLUME ["/var/lib/falco-triage", "/tmp"]
# 3000: Slack and GitHub (expose it); 3001: intake, /healthz, /readyz, /metrics (keep it inside the cluster).
EXPOSE 3000 3001
# Node is PID 1, without an init: src/main.ts handles SIGTERM and SIGINT from its first moment (PID 1 gets no
# default action for a signal it does not handle), and its only child processes (initdb, the store check) are its
# own, waited for by Node. No HEALTHCHECK: there is no shell; Kubernetes probes GET /healthz and /readyz on 3001.
# `docker run IMAGE dist/cli/main.js --version` runs the command line instead of the bot.
ENTRYPOINT ["/nodejs/bin/node"]
CMD ["dist/main.js"]
