#!/usr/bin/env bash
# Every endpoint of the gateway once. Start it first: java -jar app/target/llmrouter.jar
set -euo pipefail
GW=${GW:-http://localhost:8080}

curl -s "$GW/v1/models" | head -c 400; echo
curl -s "$GW/v1/chat/completions" -H 'content-type: application/json' \
  -d '{"model":"sim-mini","messages":[{"role":"user","content":"Hello!"}]}'; echo
curl -sN "$GW/v1/chat/completions" -H 'content-type: application/json' \
  -d '{"model":"sim-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Stream please"}]}'
curl -s "$GW/v1/embeddings" -H 'content-type: application/json' \
  -d '{"model":"sim-embed","input":"embed me"}' | head -c 200; echo
curl -s "$GW/health"; echo
curl -s "$GW/ready"; echo
