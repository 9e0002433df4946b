#!/usr/bin/env node
// Streams one answer through the gateway with the official OpenAI SDK and checks it is the expected text, complete:
// one id, a finish_reason, a usage chunk, and the SDK's iterator ending normally (it throws on an error event).
//
//   node conformance/openai-sdk-stream.mjs BASE_URL EXPECTED_TEXT MODEL[,MODEL...]

import OpenAI from 'openai';

const [baseURL, expected, models] = process.argv.slice(2);
if (!baseURL || expected === undefined || !models) {
  console.error('usage: node openai-sdk-stream.mjs BASE_URL EXPECTED_TEXT MODEL[,MODEL...]');
  process.exit(2);
}

const client = new OpenAI({ baseURL, apiKey: 'sk-unused', maxRetries: 0 });
const list = models.split(',');
const stream = await client.chat.completions.create({
  model: list[0],
  ...(list.length > 1 ? { models: list } : {}),
  messages: [{ role: 'user', content: 'Tell me about the fox.' }],
  stream: true,
  stream_options: { include_usage: true },
});
let text = '';
const ids = new Set();
let finish = null;
let usage = null;
for await (const chunk of stream) {
  ids.add(chunk.id);
  for (const c of chunk.choices) {
    text += c.delta?.content ?? '';
    if (c.finish_reason) finish = c.finish_reason;
  }
  if (chunk.usage) usage = chunk.usage;
}
const problems = [];
if (text !== expected) problems.push(`text ${JSON.stringify(text)} is not ${JSON.stringify(expected)}`);
if (ids.size !== 1) problems.push(`${ids.size} ids: ${[...ids].join(', ')}`);
if (finish !== 'stop') problems.push(`finish_reason ${finish}`);
if (!usage || !(usage.completion_tokens > 0)) problems.push(`usage ${JSON.stringify(usage)}`);
if (problems.length > 0) {
  console.log(`FAIL stream: ${problems.join('; ')}`);
  process.exit(1);
}
console.log(`ok   stream: ${text.length} characters, one id, finish_reason stop, usage ${JSON.stringify(usage)}`);
