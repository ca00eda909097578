#!/usr/bin/env bash
# Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL that takes
# the schema as of the last committed migration to prisma/schema.prisma.
#
# Where Prisma's native schema engine can be downloaded, the usual
# `npx prisma migrate dev --name <name>` does the same. Offline (CI, sandboxes)
# it cannot, so this uses the Prisma 6.19 CLI's bundled WASM schema engine to
# diff two datamodels: no database involved. Commit the schema together with
# the migration it produced (the next run diffs from that commit).
# Usage: prisma/new-migration.sh add_clicks
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: prisma/new-migration.sh <migration_name>}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prisma 6 wants a url in the datasource, Prisma 7 forbids it: use copies.
with_url() { sed 's#^  provider = "postgresql"$#  provider = "postgresql"\n  url      = env("DATABASE_URL")#'; }
with_url < prisma/schema.prisma > "$work/to.prisma"
last_migration_commit=$(git log -1 --format=%H -- prisma/migrations || true)
if [ -n "$last_migration_commit" ]; then
  git show "$last_migration_commit:prisma/schema.prisma" | with_url > "$work/from.prisma"
  from=(--from-schema-datamodel from.prisma)
else
  from=(--from-empty)
fi

cat > "$work/prisma.config.ts" <<'TS'
import { PrismaPg } from '@prisma/adapter-pg';
// engine 'js' selects the CLI's bundled WASM schema engine; it needs an adapter even for a datamodel diff.
export default {
  engine: 'js',
  experimental: { adapter: true },
  schema: 'to.prisma',
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
};
TS
(cd "$work" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund prisma@6.19 @prisma/adapter-pg@7 pg >/dev/null)
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "$dir"
(cd "$work" && DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres} PRISMA_QUERY_ENGINE_LIBRARY=/bin/sh PRISMA_SCHEMA_ENGINE_BINARY=/bin/sh \
  npx prisma migrate diff "${from[@]}" --to-schema-datamodel to.prisma --script) > "$dir/migration.sql"
if grep -q '^-- This is an empty migration' "$dir/migration.sql" || [ ! -s "$dir/migration.sql" ]; then
  rm -rf "$dir"; echo "No schema changes."; exit 0
fi
echo "Wrote $dir/migration.sql; review it, then npm run db:migrate"
