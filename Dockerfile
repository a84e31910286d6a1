# The pg-runbooks worker (and command line) image.
#
# The runtime is based on the PostgreSQL image so pg_dump / pg_restore are the PGDG builds of that
# major: pg_dump must be at least as new as the server it dumps, so keep this major >= your servers'.

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

FROM postgres:17-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/lib /app/lib
COPY deploy/docker/runbook /usr/local/bin/runbook
RUN chmod 0755 /usr/local/bin/runbook \
 && mkdir -p /var/lib/pg-runbooks && chown postgres:postgres /var/lib/pg-runbooks
USER postgres
WORKDIR /var/lib/pg-runbooks
EXPOSE 9464
ENTRYPOINT ["runbook"]
CMD ["worker"]
