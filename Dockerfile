# syntax=docker/dockerfile:1
# One image for every role: api, worker, migrate, sandbox and demo differ only
# by command and environment (see docker-compose.yml).

# ---- build: full dependency tree, Prisma client generation, TypeScript build
FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false

# Dependencies first so source edits reuse this layer. --ignore-scripts skips
# our `prepare` script (prisma generate + build), which needs the sources that
# are not copied yet; both run explicitly below. npm ci can refuse a lock that
# lacks another platform's optional binary; the fallback installs the same
# locked tree without rewriting the lock (as .ci/run does).
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts || npm install --no-save --ignore-scripts

COPY . .
RUN npm run prisma:generate \
 && npm run build \
 && npm prune --omit=dev --ignore-scripts --json=false

# ---- runtime: compiled JavaScript, production dependencies, migrations
FROM node:24-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production

# Files stay owned by root and read-only to the app user: the process never writes to /app.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# prisma/migrations is read at run time by `node dist/src/cli/migrate.js`.
COPY --from=build /app/prisma ./prisma

# The unprivileged user the official Node image ships (uid 1000).
USER node
EXPOSE 3000
# No HEALTHCHECK here: each role answers elsewhere (api :3000/health, worker
# :METRICS_PORT/health/live, sandbox :3099/health), so docker-compose.yml
# defines one per service.
CMD ["node", "dist/src/main.js"]
