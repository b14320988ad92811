# Portico in a container: docker build -t portico . && docker run -p 8080:8080 -v portico-data:/data portico

# Build with the Swift standard library linked in, so the run stage needs only the C libraries.
FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-dev libssl-dev libcurl4-openssl-dev libxml2-dev libxmlsec1-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Tests/ is copied too: SwiftPM refuses a package whose declared test targets have no sources.
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib --product portico \
    && install -D -m 0755 "$(swift build -c release --show-bin-path)/portico" /out/portico

FROM debian:bookworm-slim
# libxmlsec1-openssl (and libxmlsec1, libxml2 behind it) is opened with dlopen at the first console launch, so
# `ldd portico` does not list it; the image needs it all the same.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libsqlite3-0 libssl3 libcurl4 libxml2 libxmlsec1 libxmlsec1-openssl libstdc++6 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --user-group --uid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin portico \
    && install -d -o portico -g portico -m 0700 /data
# Program and resources stay owned by root: the server can read them but never change them.
COPY --from=build /out/portico /app/portico
COPY Templates /app/Templates
COPY Public /app/Public

ENV PORTICO_LISTEN=0.0.0.0:8080 PORTICO_DATA_DIR=/data PORTICO_RESOURCES_DIR=/app
WORKDIR /app
USER portico
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
# portico finishes requests in flight on SIGTERM before it exits.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/portico"]
CMD ["serve"]
