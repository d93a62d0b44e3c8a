/**
 * Output no parser knows, where the fallback has to pick the lines that matter: a project script
 * that fails with an `Error:` line and its details, in the same step as an installer whose noise
 * looks like errors (apt's debconf "unable to initialize frontend" lines on a runner without a
 * terminal), followed by npm's own lines about the failed script.
 */
import type { Case } from './case.js'

const CHECK_MIGRATIONS = `#!/usr/bin/env bash
set -euo pipefail
echo "Checking that db/schema.sql includes every migration in db/migrations..."
missing=()
for f in db/migrations/*.sql; do
  grep -q -- "-- migration: $(basename "$f")" db/schema.sql || missing+=("$f")
done
if ((\${#missing[@]})); then
  echo "Error: \${#missing[@]} migrations are not reflected in db/schema.sql:"
  printf '  %s\\n' "\${missing[@]}"
  echo "Run ./scripts/dump-schema.sh against a migrated database and commit db/schema.sql."
  exit 1
fi
echo "db/schema.sql is up to date."
`

export const fallbackCases: Case[] = [
  {
    name: 'error-after-installer-noise',
    tool: { name: 'bash', version: 'bash --version' },
    files: {
      'package.json': JSON.stringify(
        {
          name: 'demo',
          version: '1.0.0',
          private: true,
          scripts: { 'check:schema': 'bash scripts/check-migrations.sh' }
        },
        null,
        2
      ),
      'scripts/check-migrations.sh': CHECK_MIGRATIONS,
      'db/migrations/0001_init.sql': 'CREATE TABLE accounts (id bigint PRIMARY KEY);\n',
      'db/migrations/0002_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, account_id bigint);\n',
      'db/migrations/0003_users_email.sql': 'ALTER TABLE users ADD COLUMN email text;\n',
      'db/migrations/0004_users_email_index.sql': 'CREATE UNIQUE INDEX users_email ON users (email);\n',
      'db/schema.sql':
        '-- migration: 0001_init.sql\nCREATE TABLE accounts (id bigint PRIMARY KEY);\n-- migration: 0002_users.sql\nCREATE TABLE users (id bigint PRIMARY KEY, account_id bigint);\n'
    },
    steps: [
      {
        run: 'apt-get install -y --reinstall --no-install-recommends libdebuginfod-common iproute2 man-db fontconfig-config tzdata\nnpm run check:schema'
      }
    ]
  }
]
