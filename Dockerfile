# contigo-bot: multi-stage build; a small runtime image running as a non-root user,
# data (SQLite database and stored files) under the /var/lib/contigo/data volume.
#   docker build -t contigo-bot .
#   docker run -d -p 8080:8080 -v contigo-data:/var/lib/contigo/data \
#     -e TELEGRAM_BOT_TOKEN=... contigo-bot
# deploy/image-check.sh runs the same build and start commands without Docker.

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
# Manifest, sources and what the binary embeds (migrations, locales, ubigeo list);
# benches are named in Cargo.toml, so they come too.
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY migrations ./migrations
COPY locales ./locales
COPY data ./data
COPY benches ./benches
RUN cargo build --release --locked --bin contigo-bot \
    && strip target/release/contigo-bot

FROM debian:bookworm-slim
# curl for the HEALTHCHECK; TLS roots are built into the binary (webpki-roots).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl=7.88.* \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/contigo contigo \
    && mkdir -p /var/lib/contigo/data /etc/contigo \
    && chown -R contigo:contigo /var/lib/contigo
COPY --from=build /src/target/release/contigo-bot /usr/local/bin/contigo-bot
COPY bot.toml /etc/contigo/bot.toml
WORKDIR /var/lib/contigo
# Listen on every interface inside the container; the database and the files go to
# the volume (bot.toml's defaults are relative to the working directory).
ENV CONTIGO__HTTP__LISTEN=0.0.0.0:8080 \
    CONTIGO__DATABASE__URL=sqlite:///var/lib/contigo/data/contigo.db \
    CONTIGO__STORAGE__DIR=/var/lib/contigo/data/files \
    RUST_LOG=info,sqlx=warn
USER 10001:10001
VOLUME ["/var/lib/contigo/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["contigo-bot", "--config", "/etc/contigo/bot.toml"]
CMD ["serve"]
