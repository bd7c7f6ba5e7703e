#!/bin/sh
# Compiles every source into out/.
set -e
mkdir -p out
javac -d out src/*.java
