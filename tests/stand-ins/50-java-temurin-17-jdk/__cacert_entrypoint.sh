#!/bin/sh
# Stand-in for Eclipse Temurin's /__cacert_entrypoint.sh: the real one imports certificates from
# /certificates when USE_SYSTEM_CA_CERTS is set, then runs the command. Test image only.
exec "$@"
