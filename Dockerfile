# syntax=docker/dockerfile:1.7
#
# One image runs any pipeline stage; a second target runs the operator.
#
#   docker build -t switchboard/switchboard:0.1.0 .                              # the stages
#   docker build --target operator -t switchboard/switchboard-operator:0.1.0 .   # the operator
#
# The stage image chooses its stage from SWITCHBOARD_ROLE (access, parser, processor, router),
# with SWITCHBOARD_NATS_URL and SWITCHBOARD_MONGO_URI; this is how the operator's Deployments
# run it. Without SWITCHBOARD_ROLE it runs the whole platform in one process (local mode).
# Arguments after the image name are passed to `switchboard` (for example: run --help).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -Dspotless.check.skip=true package -pl services/platform,operator -am \
 && mkdir -p /out/platform /out/operator \
 && cp -r services/platform/target/switchboard.jar services/platform/target/lib /out/platform/ \
 && cp -r operator/target/switchboard-operator.jar operator/target/lib /out/operator/

# ---- the operator
FROM eclipse-temurin:17-jre AS operator
WORKDIR /opt/switchboard-operator
COPY --from=build /out/operator/ ./
USER 10001:10001
EXPOSE 8080
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS -jar /opt/switchboard-operator/switchboard-operator.jar \"$@\"", "switchboard-operator"]

# ---- the stages (default target)
FROM eclipse-temurin:17-jre AS platform
WORKDIR /opt/switchboard
COPY --from=build /out/platform/ ./
COPY --chmod=0755 <<'SCRIPT' /usr/local/bin/switchboard-entrypoint
#!/bin/sh
set -eu
if [ -n "${SWITCHBOARD_ROLE:-}" ]; then
  set -- run --mode distributed --role "$SWITCHBOARD_ROLE" \
    --nats "${SWITCHBOARD_NATS_URL:?SWITCHBOARD_NATS_URL is needed with SWITCHBOARD_ROLE}" \
    --mongo "${SWITCHBOARD_MONGO_URI:?SWITCHBOARD_MONGO_URI is needed with SWITCHBOARD_ROLE}" \
    --data "${SWITCHBOARD_DATA_DIR:-/var/lib/switchboard}" \
    --node-id "${SWITCHBOARD_NODE_ID:-$(hostname)}" "$@"
elif [ "$#" -eq 0 ]; then
  set -- run --data "${SWITCHBOARD_DATA_DIR:-/var/lib/switchboard}"
fi
# JAVA_OPTS is split on spaces on purpose, like other launchers.
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar /opt/switchboard/switchboard.jar "$@"
SCRIPT
RUN mkdir -p /var/lib/switchboard && chown 10001:10001 /var/lib/switchboard
USER 10001:10001
# Listen on all interfaces in a container (the defaults are loopback-only).
ENV MICRONAUT_SERVER_HOST=0.0.0.0 \
    SWITCHBOARD_XMPP_HOST=0.0.0.0 \
    JAVA_OPTS="-XX:MaxRAMPercentage=75"
EXPOSE 5222 5223 8080
VOLUME /var/lib/switchboard
ENTRYPOINT ["/usr/local/bin/switchboard-entrypoint"]
