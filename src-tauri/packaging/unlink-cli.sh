#!/bin/sh
# Removes the `accord` link the package made, and only that.
set -e
if [ -L /usr/bin/accord ] && [ "$(readlink /usr/bin/accord)" = "accord-app" ]; then
  rm -f /usr/bin/accord
fi
