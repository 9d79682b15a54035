#!/bin/sh
# The app's binary is also the `accord` command when started by that name.
set -e
ln -sf accord-app /usr/bin/accord
