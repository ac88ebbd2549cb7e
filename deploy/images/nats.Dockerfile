# Local stand-in for nats:2.15-alpine where no registry can be reached (deploy/images/build.sh --infra): Debian's
# nats-server 2.15 (the static binary scripts/fetch-nats-server.sh unpacks) on the local Debian base, wget for
# the compose health check. Same entrypoint as the official image: arguments go to nats-server.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wget \
  && rm -rf /var/lib/apt/lists/* /var/cache/apt/*
COPY nats-server /usr/local/bin/nats-server
EXPOSE 4222 8222
ENTRYPOINT ["nats-server"]
CMD ["-js"]
