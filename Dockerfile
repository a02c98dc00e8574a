# One image for every app process: docker-compose.yml runs it as `web`, `worker` and `migrate`.
# No HEALTHCHECK here on purpose: the worker shares this image and serves no HTTP; compose gives
# the web service its own check.
FROM node:24-bookworm-slim

ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. `tsx` is a regular dependency
# (the app runs TypeScript through `node --import tsx`); --omit=dev skips the pinned `node`
# package, eslint, vitest and the rest: the base image brings its own Node 24.
COPY package.json package-lock.json ./
# NOTE: `npm install` with the committed lockfile, not `npm ci`: the lockfile may lack optional
# platform packages of other machines, which `npm ci` refuses.
RUN npm install --omit=dev --no-audit && npm cache clean --force

COPY tsconfig.json ./
COPY src ./src
COPY views ./views
COPY jobs ./jobs
COPY migrations ./migrations
COPY public ./public

# Uploads live here (UPLOAD_DIR); a named volume mounted on it starts out owned by `node`.
RUN mkdir -p /app/var/uploads && chown -R node:node /app/var

USER node

EXPOSE 3000

# The quickstart (migrate, seed an empty database, web and a worker in one process);
# compose overrides it per service.
CMD ["npm", "start"]
