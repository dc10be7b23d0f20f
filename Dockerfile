# syntax=docker/dockerfile:1

# Build stage: full dependency tree (TypeScript, tsc-alias) and the compiled output in dist/.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

# Runtime stage: production dependencies only, the compiled output, and an unprivileged user.
FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/var/lib/recipient-state
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
# The embedded SQLite mode writes here; with EventStoreDB and PostgreSQL the directory stays empty.
RUN mkdir -p /var/lib/recipient-state && chown node:node /var/lib/recipient-state
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
