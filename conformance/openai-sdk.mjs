#!/usr/bin/env node
// Talks to the gateway with the official OpenAI SDK, as an application would, and checks that every answer parses
// the way the SDK expects: model list and retrieval, completion, stream with usage, tool calls (plain and streamed),
// structured output parsed by chat.completions.parse, errors, and embeddings in both encodings. Prints one line per
// check; exits 1 on the first failure, 2 on bad arguments.
//
//   node conformance/openai-sdk.mjs http://127.0.0.1:8080/v1 [--chat MODEL] [--embed MODEL] [--structured MODEL]
//                                   [--models A,B,...]
//
// The defaults fit the default catalog with no API keys (the simulated models).

import OpenAI from 'openai';
import { VERSION } from 'openai/version';

const USAGE = 'usage: node openai-sdk.mjs BASE_URL [--chat MODEL] [--embed MODEL] [--structured MODEL] '
  + '[--models ID,ID,...]';

function parseArgs(argv) {
  const opts = {
    baseURL: null,
    chat: 'sim-mini',
    embed: 'sim-embed',
    structured: 'sim-mini',
    models: ['sim-mini', 'sim-large', 'sim-reasoner', 'sim-embed'],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usageError(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--chat') opts.chat = value();
    else if (a === '--embed') opts.embed = value();
    else if (a === '--structured') opts.structured = value();
    else if (a === '--models') opts.models = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a.startsWith('--')) usageError(`unknown option ${a}`);
    else if (opts.baseURL === null) opts.baseURL = a;
    else usageError(`unexpected argument ${a}`);
  }
  if (!opts.baseURL || !/^https?:\/\//.test(opts.baseURL)) usageError('BASE_URL (http://HOST:PORT/v1) is required');
  return opts;
}

function usageError(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

const show = (value) => {
  const s = JSON.stringify(value);
  return s === undefined ? String(value) : s.length > 300 ? `${s.slice(0, 300)}...` : s;
};

const opts = parseArgs(process.argv.slice(2));
const client = new OpenAI({ baseURL: opts.baseURL, apiKey: 'sk-conformance-any-key', maxRetries: 0, timeout: 30_000 });
const hello = [{ role: 'user', content: 'Say hello to the conformance test.' }];
const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather in a city',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string', description: 'City name' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      },
      required: ['city', 'unit'],
      additionalProperties: false,
    },
  },
};

function checkUsage(usage, where) {
  expect(usage && typeof usage === 'object', `${where}: no usage object, got ${show(usage)}`);
  expect(Number.isInteger(usage.prompt_tokens) && usage.prompt_tokens > 0,
    `${where}: usage.prompt_tokens should be a positive integer, got ${show(usage)}`);
  expect(Number.isInteger(usage.completion_tokens) && usage.completion_tokens > 0,
    `${where}: usage.completion_tokens should be a positive integer, got ${show(usage)}`);
}

function checkToolCall(call, where) {
  expect(call, `${where}: no tool call`);
  expect(call.type === 'function', `${where}: tool call type should be 'function', got ${show(call)}`);
  expect(typeof call.id === 'string' && call.id.length > 0, `${where}: tool call has no id: ${show(call)}`);
  expect(call.function?.name === 'get_weather',
    `${where}: expected a call of get_weather, got ${show(call.function)}`);
  let args;
  try {
    args = JSON.parse(call.function.arguments);
  } catch (e) {
    throw new Error(`${where}: arguments are not JSON (${e.message}): ${show(call.function.arguments)}`);
  }
  expect(args && typeof args === 'object' && !Array.isArray(args),
    `${where}: arguments should be a JSON object, got ${show(args)}`);
  return args;
}

async function expectBadRequest(what, request) {
  let response;
  try {
    response = await client.chat.completions.create(request);
  } catch (e) {
    expect(e instanceof OpenAI.BadRequestError,
      `${what}: expected the SDK's BadRequestError, got ${e?.constructor?.name} (status ${e?.status}): ${e?.message}`);
    expect(e.status === 400, `${what}: expected status 400, got ${e.status}`);
    expect(typeof e.error?.message === 'string' && e.error.message.length > 0,
      `${what}: the error body has no error.message: ${show(e.error)}`);
    return `BadRequestError 400 (${e.error.message})`;
  }
  throw new Error(`${what}: expected BadRequestError, but the request succeeded: ${show(response)}`);
}

const checks = [
  ['models.list() lists the catalog models', async () => {
    const ids = [];
    for await (const model of client.models.list()) {
      expect(model.object === 'model', `entry is not a model object: ${show(model)}`);
      ids.push(model.id);
    }
    const missing = opts.models.filter((id) => !ids.includes(id));
    expect(missing.length === 0, `missing ${missing.join(', ')} in ${show(ids)}`);
    return `${ids.length} models, ${opts.models.join(', ')} among them`;
  }],

  ['models.retrieve() returns one model, and NotFoundError for an unknown one', async () => {
    const m = await client.models.retrieve(opts.chat);
    expect(m.id === opts.chat && m.object === 'model', `expected the model ${opts.chat}, got ${show(m)}`);
    expect(Number.isInteger(m.created) && typeof m.owned_by === 'string', `created or owned_by missing: ${show(m)}`);
    try {
      await client.models.retrieve('no-such-model');
    } catch (e) {
      expect(e instanceof OpenAI.NotFoundError, `expected NotFoundError, got ${e?.constructor?.name}: ${e?.message}`);
      return `${m.id} owned by ${m.owned_by}`;
    }
    throw new Error('retrieving an unknown model succeeded');
  }],

  ['chat.completions.parse() with a json_schema response_format returns the parsed object', async () => {
    const schema = {
      type: 'object',
      properties: {
        title: { type: 'string' },
        steps: {
          type: 'array',
          items: {
            type: 'object',
            properties: { n: { type: 'integer' }, text: { type: 'string' } },
            required: ['n', 'text'],
            additionalProperties: false,
          },
        },
        mood: { type: 'string', enum: ['calm', 'busy'] },
      },
      required: ['title', 'steps', 'mood'],
      additionalProperties: false,
    };
    const r = await client.chat.completions.parse({
      model: opts.structured,
      messages: [{ role: 'user', content: 'Plan my morning.' }],
      response_format: { type: 'json_schema', json_schema: { name: 'plan', strict: true, schema } },
    });
    const parsed = r.choices?.[0]?.message?.parsed;
    expect(parsed && typeof parsed === 'object', `message.parsed is missing: ${show(r.choices?.[0]?.message)}`);
    expect(typeof parsed.title === 'string', `title should be a string: ${show(parsed)}`);
    expect(['calm', 'busy'].includes(parsed.mood), `mood should be one of the enum: ${show(parsed)}`);
    expect(Array.isArray(parsed.steps) && parsed.steps.every((s) => Number.isInteger(s.n) && typeof s.text === 'string'),
      `steps should be objects of n and text: ${show(parsed)}`);
    expect(Object.keys(parsed).sort().join() === 'mood,steps,title', `unexpected properties: ${show(parsed)}`);
    return show(parsed);
  }],

  ['chat.completions.create() answers with text and usage', async () => {
    const r = await client.chat.completions.create({ model: opts.chat, messages: hello, max_tokens: 50 });
    expect(r.object === 'chat.completion', `object should be 'chat.completion', got ${show(r.object)}`);
    expect(typeof r.id === 'string' && r.id.length > 0, `no id in ${show(r)}`);
    expect(Array.isArray(r.choices) && r.choices.length === 1, `expected one choice, got ${show(r.choices)}`);
    const choice = r.choices[0];
    expect(choice.message?.role === 'assistant', `message role should be assistant: ${show(choice.message)}`);
    expect(typeof choice.message.content === 'string' && choice.message.content.length > 0,
      `message.content should be non-empty text: ${show(choice.message)}`);
    expect(['stop', 'length'].includes(choice.finish_reason), `unexpected finish_reason ${show(choice.finish_reason)}`);
    checkUsage(r.usage, 'completion');
    return `model ${r.model}, ${r.usage.completion_tokens} completion tokens`;
  }],

  ['chat.completions.create({stream: true, stream_options: {include_usage: true}}) streams deltas then usage',
    async () => {
      const stream = await client.chat.completions.create({
        model: opts.chat, messages: hello, max_tokens: 50, stream: true, stream_options: { include_usage: true },
      });
      let text = '';
      let chunks = 0;
      let finish = null;
      let usage = null;
      let afterUsage = 0;
      for await (const chunk of stream) {
        chunks++;
        expect(chunk.object === 'chat.completion.chunk', `chunk object should be 'chat.completion.chunk': ${show(chunk)}`);
        if (usage) afterUsage++;
        if (chunk.usage) {
          expect(Array.isArray(chunk.choices) && chunk.choices.length === 0,
            `the usage chunk should have empty choices: ${show(chunk)}`);
          usage = chunk.usage;
        }
        for (const c of chunk.choices ?? []) {
          if (typeof c.delta?.content === 'string') text += c.delta.content;
          if (c.finish_reason) finish = c.finish_reason;
        }
      }
      expect(text.length > 0, `no content deltas in ${chunks} chunks`);
      expect(['stop', 'length'].includes(finish), `no finish_reason before the end (got ${show(finish)})`);
      checkUsage(usage, 'stream');
      expect(afterUsage === 0, `${afterUsage} chunks came after the usage chunk; it should be the last`);
      return `${chunks} chunks, ${text.length} characters, usage ${usage.prompt_tokens}+${usage.completion_tokens}`;
    }],

  ['chat.completions.create({tools}) returns a tool call with JSON arguments', async () => {
    const r = await client.chat.completions.create({
      model: opts.chat,
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      tools: [weatherTool],
      tool_choice: 'auto',
    });
    const choice = r.choices?.[0];
    expect(choice, `no choice in ${show(r)}`);
    expect(Array.isArray(choice.message?.tool_calls) && choice.message.tool_calls.length > 0,
      `message.tool_calls is missing: ${show(choice.message)}`);
    expect(choice.finish_reason === 'tool_calls', `finish_reason should be 'tool_calls', got ${show(choice.finish_reason)}`);
    const args = checkToolCall(choice.message.tool_calls[0], 'tool call');
    return `get_weather(${JSON.stringify(args)})`;
  }],

  ['chat.completions.stream({tools}) assembles a streamed tool call', async () => {
    const runner = client.chat.completions.stream({
      model: opts.chat,
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      tools: [weatherTool],
    });
    const final = await runner.finalChatCompletion();
    const choice = final.choices?.[0];
    expect(choice?.finish_reason === 'tool_calls',
      `finish_reason should be 'tool_calls', got ${show(choice?.finish_reason)}`);
    const args = checkToolCall(choice.message?.tool_calls?.[0], 'streamed tool call');
    return `get_weather(${JSON.stringify(args)})`;
  }],

  ['a request without messages raises BadRequestError', () =>
    expectBadRequest('missing messages', { model: opts.chat })],

  ['a request with temperature as a string raises BadRequestError', () =>
    expectBadRequest('string temperature', { model: opts.chat, messages: hello, temperature: 'hot' })],

  ['embeddings.create() returns one vector per input, the same in base64 (SDK default) and float', async () => {
    const input = ['the quick brown fox', 'jumps over the lazy dog'];
    const asFloat = await client.embeddings.create({ model: opts.embed, input, encoding_format: 'float' });
    const byDefault = await client.embeddings.create({ model: opts.embed, input });
    for (const [name, r] of [['float', asFloat], ['base64', byDefault]]) {
      expect(r.object === 'list', `${name}: object should be 'list', got ${show(r.object)}`);
      expect(Array.isArray(r.data) && r.data.length === input.length,
        `${name}: expected ${input.length} embeddings, got ${show(r.data?.length)}`);
      r.data.forEach((e, i) => {
        expect(e.index === i, `${name}: data[${i}].index should be ${i}, got ${show(e.index)}`);
        expect(Array.isArray(e.embedding) && e.embedding.length > 0
          && e.embedding.every((x) => typeof x === 'number' && Number.isFinite(x)),
        `${name}: data[${i}].embedding should be a non-empty array of numbers, got ${show(e.embedding)}`);
      });
    }
    asFloat.data.forEach((e, i) => {
      const other = byDefault.data[i].embedding;
      expect(other.length === e.embedding.length,
        `data[${i}]: base64 decoded to ${other.length} numbers, float has ${e.embedding.length}`);
      const off = e.embedding.findIndex((x, j) => Math.abs(x - other[j]) > 1e-6 * Math.max(1, Math.abs(x)));
      expect(off < 0, `data[${i}][${off}]: base64 decoded to ${other[off]}, float says ${e.embedding[off]}`);
    });
    expect(Number.isInteger(asFloat.usage?.prompt_tokens), `no usage.prompt_tokens: ${show(asFloat.usage)}`);
    return `${asFloat.data.length} vectors of ${asFloat.data[0].embedding.length} dimensions`;
  }],
];

console.log(`openai ${VERSION} (Node ${process.version}) against ${opts.baseURL}`);
for (const [name, check] of checks) {
  try {
    const detail = await check();
    console.log(`ok   ${name}${detail ? ` -- ${detail}` : ''}`);
  } catch (e) {
    console.log(`FAIL ${name}\n     ${e?.constructor?.name ?? 'Error'}: ${e?.message ?? e}`);
    process.exit(1);
  }
}
console.log(`all ${checks.length} checks passed`);
