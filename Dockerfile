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
# V8's old generation is capped for every process (docs/reference/configuration.md, "Node's heap"); npm run
# bench:extract reads this line and starts the API with it, so its figure is production's.
ENV NODE_OPTIONS=--max-old-space-size=1024
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
