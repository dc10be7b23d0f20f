#!/usr/bin/env node
'use strict';
// The CLI is TypeScript compiled into dist/ by `npm run build`; this launcher only points at it.
const { join } = require('node:path');
const { existsSync } = require('node:fs');

const entry = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('recipient-state: the CLI is not built yet; run `npm run build` first.\n');
  process.exit(1);
}
require(entry).run();
