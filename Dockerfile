# One image for every app process: docker-compose.yml runs it as `web`, `worker` and `migrate`.
# No HEALTHCHECK here on purpose: the worker shares this image and serves no HTTP; compose gives
# the web service its own check.

# Both stages use one exact Node release, the one package.json pins for development (devDependency
# `node`), so the image runs what the tests ran; bump the two together.
# Build stage: every dependency (TypeScript included) to compile the sources to dist/.
FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# NOTE: `npm install` with the committed lockfile, not `npm ci`: the lockfile may lack optional
# platform packages of other machines, which `npm ci` refuses.
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY views ./views
COPY jobs ./jobs
COPY migrations ./migrations
COPY public ./public
RUN npm run build

# Run stage: production dependencies and the compiled JavaScript only (no compiler, no tests).
FROM node:24.21.0-bookworm-slim
ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false
WORKDIR /app
# Dependencies first, so a code change does not reinstall them. --omit=dev skips the pinned
# `node` package, TypeScript, tsx, eslint, vitest and the rest: the base image brings Node.
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit && npm cache clean --force
COPY --from=build /app/dist ./dist

# Uploads live here (UPLOAD_DIR); a named volume mounted on it starts out owned by `node`.
RUN mkdir -p /app/var/uploads && chown -R node:node /app/var

USER node

EXPOSE 3000

# The quickstart (migrate, seed an empty database, web and a worker in one process), already
# built; compose overrides it per service (`npm run web`, `npm run worker`, `npm run migrate`).
# A 4 MB young generation (as the npm scripts use) keeps a web process near 140 MB idle and
# 160 MB under a 200-connection load, against 190 and 280 MB with V8's default (npm run bench store).
CMD ["node", "--enable-source-maps", "--max-semi-space-size=4", "--max-old-space-size=256", "dist/jobs/start.js"]
