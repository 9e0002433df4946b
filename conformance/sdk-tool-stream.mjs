#!/usr/bin/env node
// Streams one tool call through the gateway with the official OpenAI SDK (Chat Completions) and the official
// Anthropic SDK (Messages), each SDK assembling the streamed answer itself, and checks the call came out whole: the
// expected id and name, arguments that parse as the expected JSON, finish_reason tool_calls / stop_reason tool_use.
// The requests are deterministic (temperature 0); the Anthropic one asks for model auto under the ordered strategy,
// as the Messages API names one model.
//
//   node conformance/sdk-tool-stream.mjs BASE_URL NAME ARGUMENTS_JSON ID MODEL[,MODEL...]
//
// BASE_URL is the origin, without /v1.

import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';

const [origin, name, argumentsJson, id, models] = process.argv.slice(2);
if (!origin || !name || !argumentsJson || !id || !models) {
  console.error('usage: node sdk-tool-stream.mjs BASE_URL NAME ARGUMENTS_JSON ID MODEL[,MODEL...]');
  process.exit(2);
}
const expected = JSON.stringify(JSON.parse(argumentsJson));
const problems = [];
const check = (label, actual, wanted) => {
  if (actual !== wanted) problems.push(`${label} ${JSON.stringify(actual)} is not ${JSON.stringify(wanted)}`);
};

const openai = new OpenAI({ baseURL: `${origin}/v1`, apiKey: 'sk-unused', maxRetries: 0 });
const list = models.split(',');
const completion = await openai.chat.completions.stream({
  model: list[0],
  ...(list.length > 1 ? { models: list } : {}),
  temperature: 0,
  tools: [{ type: 'function', function: { name, parameters: { type: 'object' } } }],
  messages: [{ role: 'user', content: 'Call the tool.' }],
  stream_options: { include_usage: true },
}).finalChatCompletion();
const call = completion.choices[0].message.tool_calls?.[0];
check('openai: tool calls', completion.choices[0].message.tool_calls?.length, 1);
check('openai: id', call?.id, id);
check('openai: name', call?.function.name, name);
check('openai: arguments', JSON.stringify(JSON.parse(call?.function.arguments ?? 'null')), expected);
check('openai: finish_reason', completion.choices[0].finish_reason, 'tool_calls');

const anthropic = new Anthropic({ baseURL: origin, apiKey: 'sk-unused', maxRetries: 0,
  defaultHeaders: { 'x-llmrouter-strategy': 'ordered' } });
const message = await anthropic.messages.stream({
  model: 'auto',
  max_tokens: 256,
  temperature: 0,
  tools: [{ name, input_schema: { type: 'object' } }],
  messages: [{ role: 'user', content: 'Call the tool.' }],
}).finalMessage();
const uses = message.content.filter((b) => b.type === 'tool_use');
check('anthropic: tool_use blocks', uses.length, 1);
check('anthropic: id', uses[0]?.id, id);
check('anthropic: name', uses[0]?.name, name);
check('anthropic: input', JSON.stringify(uses[0]?.input), expected);
check('anthropic: stop_reason', message.stop_reason, 'tool_use');

if (problems.length > 0) {
  console.log(`FAIL tool stream: ${problems.join('; ')}`);
  process.exit(1);
}
console.log(`ok   tool stream: ${name} ${expected} under ${id}, through both SDKs`);
