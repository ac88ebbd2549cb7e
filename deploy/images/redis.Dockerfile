# Local stand-in for redis:7.4.2-alpine where no registry can be reached (deploy/images/build.sh --infra):
# Debian's redis-server (bookworm: 7.0) on the local Debian base; redis-cli for the compose health check.
# Like the official image, the command is `redis-server …` and data goes to /data.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server \
  && rm -rf /var/lib/apt/lists/* /var/cache/apt/* && mkdir -p /data
WORKDIR /data
EXPOSE 6379
CMD ["redis-server", "--protected-mode", "no"]
