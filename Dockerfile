# syntax=docker/dockerfile:1
# Build: compile TypeScript with dev dependencies.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY collectors ./collectors
COPY checks ./checks
COPY sim ./sim
RUN npm run build

# Production dependencies only, installed where a shell and npm exist.
FROM node:22-bookworm-slim AS deps
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force && mkdir -p /data/evidence

# Runtime: distroless Node 22 (no shell, no package manager), non-root, nothing written outside the evidence volume,
# so it runs with a read-only root filesystem. No secret is baked in: they arrive as environment variables at run time.
FROM gcr.io/distroless/nodejs22-debian12:nonroot
ENV NODE_ENV=production
# A bounded old space and small young-generation semi-spaces: the live set after collecting the bench's large
# organization is ~60 MiB, and V8 otherwise grows its heap lazily well past that (bench/results.md).
ENV NODE_OPTIONS="--max-old-space-size=160 --max-semi-space-size=2"
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The distroless image has no shell to create it: the evidence directory comes owned by nonroot (65532).
COPY --from=deps --chown=65532:65532 /data /data
USER nonroot
# Evidence goes to /data/evidence unless the config says otherwise; mount a volume there (and the config at /config).
WORKDIR /data
VOLUME ["/data"]
ENTRYPOINT ["/nodejs/bin/node", "/app/dist/src/cli.js"]
CMD ["run", "--config", "/config/assay.yaml"]
