# syntax=docker/dockerfile:1
# Build: compile TypeScript with dev dependencies.
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY collectors ./collectors
COPY checks ./checks
COPY sim ./sim
RUN npm run build

# Runtime: production dependencies and the compiled program only, as a non-root user.
FROM node:22-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
RUN ln -s /app/dist/src/cli.js /usr/local/bin/assay && chmod +x /app/dist/src/cli.js \
 && mkdir /data && chown node:node /data
USER node
# Evidence goes to /data/evidence unless the config says otherwise; mount a volume there.
WORKDIR /data
ENTRYPOINT ["assay"]
CMD ["run", "--config", "/config/assay.yaml"]
