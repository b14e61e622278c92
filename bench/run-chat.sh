#!/usr/bin/env bash
# The 1:1 chat benchmark, as before: `bench/run-chat.sh MODE [options]` is
# `bench/run.sh chat MODE [options]` (see run.sh).
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" chat "$@"
