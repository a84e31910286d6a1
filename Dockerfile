# The pg-runbooks worker (and command line) image.
#
# The runtime carries the PostgreSQL client tools (pg_dump, pg_restore, psql) of every major in
# PG_CLIENT_MAJORS, from apt.postgresql.org, each in /usr/lib/postgresql/<major>/bin: the runbooks use
# the tools of each server's own major (a pg_dump 17 dump does not restore into a 16 server), so list
# every major your servers run. docker-compose.yml's application database must be one of them.

FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY workflows/pom.xml workflows/
COPY activities/pom.xml activities/
COPY worker/pom.xml worker/
COPY starter/pom.xml starter/
COPY workflows/src workflows/src
COPY activities/src activities/src
COPY worker/src worker/src
COPY starter/src starter/src
COPY deploy/app-db deploy/app-db
# Every module's runtime dependencies, and the modules' own jars, into one directory.
RUN mvn -B -q -DskipTests package dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory=/app/lib \
 && cp workflows/target/workflows-*.jar activities/target/activities-*.jar \
       worker/target/worker-*.jar starter/target/starter-*.jar /app/lib/ \
 && rm -f /app/lib/*-tests.jar

FROM debian:bookworm-slim
ARG PG_CLIENT_MAJORS="15 16 17"
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl openjdk-17-jre-headless \
 && install -d /usr/share/postgresql-common/pgdg \
 && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc \
      https://www.postgresql.org/media/keys/ACCC4CF8.asc \
 && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" \
      > /etc/apt/sources.list.d/pgdg.list \
 && apt-get update \
 && apt-get install -y --no-install-recommends $(for major in $PG_CLIENT_MAJORS; do echo postgresql-client-$major; done) \
 && for major in $PG_CLIENT_MAJORS; do /usr/lib/postgresql/$major/bin/pg_restore --version || exit 1; done \
 && apt-get purge -y curl && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home-dir /var/lib/pg-runbooks --shell /usr/sbin/nologin runbook
COPY --from=build /app/lib /app/lib
COPY deploy/docker/runbook /usr/local/bin/runbook
RUN chmod 0755 /usr/local/bin/runbook \
 && mkdir -p /var/lib/pg-runbooks && chown runbook:runbook /var/lib/pg-runbooks
USER runbook
WORKDIR /var/lib/pg-runbooks
EXPOSE 9464
ENTRYPOINT ["runbook"]
CMD ["worker"]
