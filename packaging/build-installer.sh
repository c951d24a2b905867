#!/usr/bin/env bash
# Builds a self-contained Prodlab with jpackage (from the JDK): an app image by default, or a
# .deb with TYPE=deb. Run from anywhere after 'mvn package' (the Maven profile 'installer' does both:
# mvn -P installer package). Output: target/installer/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TYPE=${TYPE:-app-image}
VERSION=${VERSION:-0.1.0}
INPUT="$ROOT/target/installer-input"
rm -rf "$INPUT" "$ROOT/target/installer"
mkdir -p "$INPUT"
cp "$ROOT/target/prodlab.jar" "$INPUT/"
cp -r "$ROOT/target/lib" "$INPUT/lib"
cp -r "$ROOT/sample-data" "$INPUT/sample-data"
args=(--type "$TYPE" --name Prodlab --app-version "$VERSION" --vendor Prodlab
      --input "$INPUT" --main-jar prodlab.jar --main-class io.prodlab.Launcher
      --icon "$ROOT/packaging/prodlab.png" --dest "$ROOT/target/installer"
      --java-options "-Dprodlab.home=\$APPDIR")
if [ "$TYPE" = deb ]; then
  args+=(--linux-package-deps libgtk-3-0 --linux-shortcut --linux-menu-group Development)
fi
jpackage "${args[@]}"
echo "packaging: wrote $(ls -d "$ROOT"/target/installer/*)"
