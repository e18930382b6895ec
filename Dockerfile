# Runwatch production image: the SPA and the bundled server (npm run build) on plain node, with
# production dependencies only. Build: docker build -t runwatch .   See README.md, "Production".

# Build stage: every dependency, then `npm run build` (dist/web and dist/server).
FROM node:20-bookworm AS build
WORKDIR /app
RUN npm install -g npm@11
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

# Production dependencies, installed where a compiler is at hand: better-sqlite3 compiles SQLite
# from source when no prebuilt module can be downloaded. Same Debian release as the runtime below.
FROM node:20-bookworm AS prod-deps
WORKDIR /app
RUN npm install -g npm@11
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    RUNWATCH_DATA_DIR=/data
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The data dir belongs to the unprivileged user the server runs as; Runwatch keeps it 0700.
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# /readyz: 503 while draining or when the store does not answer (see docs/operations.md).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM: readiness turns 503, requests under way get 10 s to finish, then the process exits.
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "--max-semi-space-size=64", "dist/server/main.js"]
