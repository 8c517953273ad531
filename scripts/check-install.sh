#!/usr/bin/env bash
# The install routes the README documents, as a new user takes them (run by .ci/run after the build):
#   1. the packed tarball (what a release attaches, and what the registry would serve), installed into a scratch
#      project: its contents, `npx envoy-lint --version`, a lint of the bundled example, the library API;
#   2. the tarball installed globally (`npm install -g ./envoy-lint-X.Y.Z.tgz`);
#   3. `npm install git+file://<this clone>` into a scratch project, which builds the package with its `prepare`
#      script. Not `npm install -g <git URL>`: npm 11 runs a global git dependency's `prepare` without installing
#      its devDependencies (npm/cli#8440, open), so the build cannot find tsc; README says so.
# Each step needs the npm registry for envoy-lint's dependencies, as `npm ci` does.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
npm_quiet=(--no-audit --no-fund --loglevel=error)

echo "install check: packing"
npm pack --silent --pack-destination "$SCRATCH" >/dev/null
TARBALL=$(ls "$SCRATCH"/envoy-lint-*.tgz)
listing=$(tar -tzf "$TARBALL")
if grep -E '\.map$|schemas/vendor/|^package/(src|test|fixtures|bench)/' <<<"$listing"; then
  echo "install check: the tarball holds files it should not (above)" >&2
  exit 1
fi

echo "install check: the tarball in a scratch project"
mkdir "$SCRATCH/project"
cd "$SCRATCH/project"
npm init -y >/dev/null
npm install "${npm_quiet[@]}" "$TARBALL"
expected_version=$(node -p "require('$ROOT/package.json').version")
version=$(npx --no-install envoy-lint --version)
[ "$version" = "$expected_version" ] || { echo "install check: --version printed '$version'" >&2; exit 1; }
cp "$ROOT/fixtures/example/config_dump.json" dump.json
set +e
npx --no-install envoy-lint dump.json >lint.txt 2>&1
status=$?
set -e
# The example has findings on purpose: exit 1, and the report names the file.
if [ "$status" -ne 1 ] || ! grep -q 'dump.json:[0-9]*:[0-9]' lint.txt; then
  echo "install check: linting the example gave exit $status:" >&2
  cat lint.txt >&2
  exit 1
fi
node --input-type=module -e "
import { lint } from 'envoy-lint';
const report = await lint(['dump.json']);
if (!(report.findings.length > 0)) throw new Error('the library API found nothing in the example');
"

echo "install check: the tarball installed globally"
npm install -g "${npm_quiet[@]}" --prefix "$SCRATCH/global" "$TARBALL"
version=$("$SCRATCH/global/bin/envoy-lint" --version)
[ "$version" = "$expected_version" ] || { echo "install check: the global install's --version printed '$version'" >&2; exit 1; }

echo "install check: npm install from the git URL (a prepare build)"
mkdir "$SCRATCH/from-git"
cd "$SCRATCH/from-git"
npm init -y >/dev/null
npm install "${npm_quiet[@]}" "git+file://$ROOT"
version=$(npx --no-install envoy-lint --version)
[ "$version" = "$expected_version" ] || { echo "install check: the git install's --version printed '$version'" >&2; exit 1; }
cp "$ROOT/fixtures/example/config_dump.json" dump.json
if npx --no-install envoy-lint dump.json >/dev/null 2>&1; then echo "install check: the git install found nothing in the example" >&2; exit 1; fi
echo "install check: passed ($TARBALL: $(wc -l <<<"$listing") files)"
