#!/usr/bin/env node
// Talks to the gateway's Anthropic-compatible front door with the official Anthropic SDK, as an application would,
// and checks that every answer parses the way the SDK expects: a message, a stream (events, text, final message),
// tool use with a tool_result turn (plain and streamed), token counting, the model list and a model in Anthropic's
// shape, and errors as the SDK's exception classes.
// Prints one line per check; exits 1 on the first failure, 2 on bad arguments.
//
//   node conformance/anthropic-sdk.mjs http://127.0.0.1:8080 [--model MODEL] [--tool-model MODEL] [--unknown MODEL]
//
// BASE_URL is the origin: the SDK appends /v1/messages itself. The defaults fit the default catalog with no API keys.

import Anthropic from '@anthropic-ai/sdk';
import { VERSION } from '@anthropic-ai/sdk/version';

const USAGE = 'usage: node anthropic-sdk.mjs BASE_URL [--model MODEL] [--tool-model MODEL] [--unknown MODEL]';

function parseArgs(argv) {
  const opts = { baseURL: null, model: 'sim-mini', toolModel: null, unknown: 'no-such-model' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usageError(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--model') opts.model = value();
    else if (a === '--tool-model') opts.toolModel = value();
    else if (a === '--unknown') opts.unknown = value();
    else if (a.startsWith('--')) usageError(`unknown option ${a}`);
    else if (opts.baseURL === null) opts.baseURL = a;
    else usageError(`unexpected argument ${a}`);
  }
  if (!opts.baseURL || !/^https?:\/\/[^/]+\/?$/.test(opts.baseURL)) {
    usageError('BASE_URL (http://HOST:PORT, without /v1) is required');
  }
  opts.toolModel ??= opts.model;
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
const client = new Anthropic({ baseURL: opts.baseURL, apiKey: 'sk-ant-conformance-any-key', maxRetries: 0, timeout: 30_000 });
const hello = [{ role: 'user', content: 'Say hello to the conformance test.' }];
const weatherQuestion = { role: 'user', content: 'What is the weather in Paris?' };
const weatherTool = {
  name: 'get_weather',
  description: 'Current weather in a city',
  input_schema: {
    type: 'object',
    properties: {
      city: { type: 'string', description: 'City name' },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
    },
    required: ['city', 'unit'],
  },
};

function checkUsage(usage, where) {
  expect(usage && typeof usage === 'object', `${where}: no usage object, got ${show(usage)}`);
  expect(Number.isInteger(usage.input_tokens) && usage.input_tokens > 0,
    `${where}: usage.input_tokens should be a positive integer, got ${show(usage)}`);
  expect(Number.isInteger(usage.output_tokens) && usage.output_tokens > 0,
    `${where}: usage.output_tokens should be a positive integer, got ${show(usage)}`);
}

function checkMessage(m, where) {
  expect(m?.type === 'message', `${where}: type should be 'message', got ${show(m)}`);
  expect(m.role === 'assistant', `${where}: role should be 'assistant', got ${show(m.role)}`);
  expect(typeof m.id === 'string' && m.id.startsWith('msg_'), `${where}: id should start with msg_, got ${show(m.id)}`);
  expect(typeof m.model === 'string' && m.model.length > 0, `${where}: no model in ${show(m)}`);
  expect(Array.isArray(m.content) && m.content.length > 0, `${where}: content should be a non-empty list: ${show(m)}`);
  checkUsage(m.usage, where);
}

function textOf(m) {
  return m.content.filter((b) => b.type === 'text').map((b) => b.text).join('');
}

function checkEndTurnText(m, where) {
  checkMessage(m, where);
  expect(m.content[0].type === 'text', `${where}: content[0].type should be 'text', got ${show(m.content)}`);
  expect(textOf(m).length > 0, `${where}: the text is empty: ${show(m.content)}`);
  expect(m.stop_reason === 'end_turn', `${where}: stop_reason should be 'end_turn', got ${show(m.stop_reason)}`);
}

function toolUseOf(m, where) {
  checkMessage(m, where);
  expect(m.stop_reason === 'tool_use', `${where}: stop_reason should be 'tool_use', got ${show(m.stop_reason)}`);
  const use = m.content.find((b) => b.type === 'tool_use');
  expect(use, `${where}: no tool_use block in ${show(m.content)}`);
  expect(typeof use.id === 'string' && use.id.length > 0, `${where}: the tool_use block has no id: ${show(use)}`);
  expect(use.name === 'get_weather', `${where}: expected a use of get_weather, got ${show(use.name)}`);
  expect(use.input && typeof use.input === 'object' && !Array.isArray(use.input),
    `${where}: input should be a JSON object, got ${show(use.input)}`);
  return use;
}

/** The request must fail with the SDK's error class for the status; returns a line describing it. */
async function expectError(what, ErrorClass, status, errorType, request) {
  let response;
  try {
    response = await client.messages.create(request);
  } catch (e) {
    expect(e instanceof ErrorClass, `${what}: expected the SDK's ${ErrorClass.name}, got ${e?.constructor?.name} `
      + `(status ${e?.status}): ${e?.message}`);
    expect(e.status === status, `${what}: expected status ${status}, got ${e.status}`);
    expect(e.error?.type === 'error', `${what}: the error body's type should be 'error': ${show(e.error)}`);
    expect(e.error?.error?.type === errorType,
      `${what}: error.type should be '${errorType}', got ${show(e.error?.error?.type)}`);
    expect(typeof e.error.error.message === 'string' && e.error.error.message.length > 0,
      `${what}: the error body has no error.message: ${show(e.error)}`);
    return `${ErrorClass.name} ${e.status} ${errorType} (${e.error.error.message})`;
  }
  throw new Error(`${what}: expected ${ErrorClass.name}, but the request succeeded: ${show(response)}`);
}

const checks = [
  ['models.list() and models.retrieve() answer in Anthropic\'s shape', async () => {
    const ids = [];
    for await (const m of client.models.list({ limit: 2 })) { // pages of two: after_id is followed
      expect(m.type === 'model', `type should be 'model': ${show(m)}`);
      expect(typeof m.display_name === 'string' && m.display_name.length > 0, `no display_name: ${show(m)}`);
      expect(typeof m.created_at === 'string' && !Number.isNaN(Date.parse(m.created_at)),
        `created_at should be an RFC 3339 date-time: ${show(m)}`);
      ids.push(m.id);
    }
    expect(ids.includes(opts.model), `${opts.model} is missing in ${show(ids)}`);
    expect(new Set(ids).size === ids.length, `a model was listed twice across pages: ${show(ids)}`);
    const one = await client.models.retrieve(opts.model);
    expect(one.id === opts.model && one.type === 'model' && one.display_name && one.created_at,
      `expected ${opts.model} with display_name and created_at, got ${show(one)}`);
    try {
      await client.models.retrieve(opts.unknown);
    } catch (e) {
      expect(e instanceof Anthropic.NotFoundError, `expected NotFoundError, got ${e?.constructor?.name}: ${e?.message}`);
      return `${ids.length} models; ${one.id} created ${one.created_at}`;
    }
    throw new Error('retrieving an unknown model succeeded');
  }],

  ['messages.create() answers with a text block, end_turn and usage', async () => {
    const m = await client.messages.create({
      model: opts.model, max_tokens: 256, system: 'Be brief.', messages: hello,
    });
    checkEndTurnText(m, 'message');
    return `model ${m.model}, ${m.usage.input_tokens}+${m.usage.output_tokens} tokens`;
  }],

  ['messages.stream() emits message_start ... message_stop, text deltas and a final message with usage', async () => {
    const stream = client.messages.stream({ model: opts.model, max_tokens: 256, messages: hello });
    let text = '';
    stream.on('text', (delta) => { text += delta; });
    const types = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalMessage();
    expect(types[0] === 'message_start', `the first event should be message_start: ${show(types)}`);
    expect(types.at(-1) === 'message_stop', `the last event should be message_stop: ${show(types)}`);
    expect(types.at(-2) === 'message_delta', `message_delta should come just before message_stop: ${show(types)}`);
    for (const t of ['content_block_start', 'content_block_delta', 'content_block_stop']) {
      expect(types.includes(t), `no ${t} event: ${show(types)}`);
    }
    expect(text.length > 0, `no text deltas in ${types.length} events`);
    checkEndTurnText(final, 'final message');
    expect(textOf(final) === text, `the final text ${show(textOf(final))} differs from the deltas ${show(text)}`);
    return `${types.length} events, ${text.length} characters, usage `
      + `${final.usage.input_tokens}+${final.usage.output_tokens}`;
  }],

  ['messages.create({tools}) returns a tool_use block, and a tool_result turn gets a text answer', async () => {
    const first = await client.messages.create({
      model: opts.toolModel, max_tokens: 256, tools: [weatherTool], messages: [weatherQuestion],
    });
    const use = toolUseOf(first, 'tool use');
    const second = await client.messages.create({
      model: opts.toolModel,
      max_tokens: 256,
      tools: [weatherTool],
      messages: [
        weatherQuestion,
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '18 degrees and sunny' }] },
      ],
    });
    checkEndTurnText(second, 'answer after the tool_result');
    return `get_weather(${JSON.stringify(use.input)}), then ${show(textOf(second).slice(0, 40))}`;
  }],

  ['messages.stream({tools}) assembles a streamed tool_use block from input_json deltas', async () => {
    const stream = client.messages.stream({
      model: opts.toolModel, max_tokens: 256, tools: [weatherTool], messages: [weatherQuestion],
    });
    let json = '';
    stream.on('inputJson', (partial) => { json += partial; });
    const use = toolUseOf(await stream.finalMessage(), 'streamed tool use');
    expect(json.length > 0, 'no input_json_delta events');
    expect(JSON.stringify(JSON.parse(json)) === JSON.stringify(use.input),
      `the input ${show(use.input)} differs from the streamed JSON ${show(json)}`);
    return `get_weather(${JSON.stringify(use.input)})`;
  }],

  ['messages.countTokens() counts the input tokens', async () => {
    const r = await client.messages.countTokens({
      model: opts.model, system: 'Be brief.', messages: hello, tools: [weatherTool],
    });
    expect(Number.isInteger(r?.input_tokens) && r.input_tokens > 0,
      `input_tokens should be a positive integer, got ${show(r)}`);
    return `${r.input_tokens} input tokens`;
  }],

  ['a request without max_tokens raises BadRequestError', () =>
    expectError('missing max_tokens', Anthropic.BadRequestError, 400, 'invalid_request_error',
      { model: opts.model, messages: hello })],

  ['a request with no messages raises BadRequestError', () =>
    expectError('empty messages', Anthropic.BadRequestError, 400, 'invalid_request_error',
      { model: opts.model, max_tokens: 256, messages: [] })],

  ['a request for an unknown model raises NotFoundError', () =>
    expectError('unknown model', Anthropic.NotFoundError, 404, 'not_found_error',
      { model: opts.unknown, max_tokens: 256, messages: hello })],
];

console.log(`@anthropic-ai/sdk ${VERSION} (Node ${process.version}) against ${opts.baseURL}`);
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
