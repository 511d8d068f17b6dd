# Build and run ENRICH on Node 24 LTS. The same image runs the API or the worker (APP_ROLE).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
RUN npx nest build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
# V8's heap for an API or worker process, the one place it is set (npm start and the benchmarks read this line;
# docs/reference/configuration.md): a 16 MB young generation semi-space instead of the 64 MB V8 picks on a large
# machine, and an old-generation limit that makes V8 collect at ~1.6× the live heap instead of ~4×.
ENV NODE_OPTIONS="--max-semi-space-size=16 --max-old-space-size=1024"
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
