#!/bin/sh
# The examples from the README; exits non-zero on the first one that differs.
check() {
  got=$(printf '%s\n' "$1" | sh bin/slugify)
  if [ "$got" != "$2" ]; then
    echo "slugify '$1': expected '$2' but got '$got'" >&2
    exit 1
  fi
}
check 'Hello World' 'hello-world'
check 'shell tools' 'shell-tools'
check 'Hello, World!' 'hello-world'
check '  --Dark Factory--  ' 'dark-factory'
echo "examples pass"
