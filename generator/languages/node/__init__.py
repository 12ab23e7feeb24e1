"""Node.js: npm, Yarn 1 or pnpm; production node_modules from a frozen install, on node slim or distroless."""

from __future__ import annotations

#: A Next.js app built with ``output: 'standalone'``: node runs the server.js that next build writes there.
NEXT_STANDALONE = ".next/standalone/server.js"
#: A Next.js app without standalone output: node runs the next CLI itself (``next start``), as no shell
#: or /usr/bin/env is there to run node_modules/.bin/next on distroless.
NEXT_START = "node_modules/next/dist/bin/next"
