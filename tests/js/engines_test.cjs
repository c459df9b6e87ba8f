// Every package pinned in package-lock.json says, in its `engines` field, that it runs on
// NODE_VERSION: Debian 12's own nodejs, what the README's set-up installs, whatever newer Node
// the machine running the tests may have. A bump to a version that needs a newer Node fails
// here, on any machine, not only on a bare Debian 12.
//
// usage: node engines_test.cjs PACKAGE_LOCK NODE_VERSION NODE_MODULES
'use strict';

const fs = require('fs');
const path = require('path');

const [lockFile, nodeVersion, nodeModules] = process.argv.slice(2);
const semver = require(path.resolve(nodeModules, 'semver'));

const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
const refused = [];
let checked = 0;
for (const [where, pkg] of Object.entries(lock.packages)) {
  if (where === '' || !pkg.engines) continue;
  // engines is { node: RANGE } or, in old packages, [ 'node RANGE', ... ].
  const ranges = Array.isArray(pkg.engines)
    ? pkg.engines.filter((e) => /^node\b/.test(e)).map((e) => e.replace(/^node\s*/, ''))
    : pkg.engines.node !== undefined ? [pkg.engines.node] : [];
  for (const range of ranges) {
    checked++;
    if (!semver.satisfies(nodeVersion, range)) {
      refused.push(`${where.replace(/^node_modules\//, '')}@${pkg.version} needs node ${range}`);
    }
  }
}
if (refused.length) {
  console.error(`FAILED: not for Node ${nodeVersion}:\n  ${refused.join('\n  ')}`);
  process.exit(1);
}
console.log(`engines: all ${checked} node ranges in ${path.basename(lockFile)} admit Node ${nodeVersion}`);
