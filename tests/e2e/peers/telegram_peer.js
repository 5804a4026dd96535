#!/usr/bin/env node
// Launcher for the telegram-test-api Bot API emulator, patched so that python-telegram-bot 22
// can talk to it. Usage: node telegram_peer.js [port]   (or PORT=…; default 9000)
// Prints one line `TELEGRAM_PEER_READY {"url": …}` on stdout once it listens.
'use strict';

const express = require('express');
const TelegramServer = require('telegram-test-api');

const BOT_ID = 666;
const BOT_USERNAME = 'TestNameBot';

const port = Number(process.argv[2] || process.env.PORT || 9000);
const host = '127.0.0.1';
if (!Number.isInteger(port) || port <= 0) {
  console.error(`bad port: ${process.argv[2] || process.env.PORT}`);
  process.exit(2);
}

// Fix 3: the emulator drops chat_instance from callback queries; PTB requires it.
const originalFormatUpdate = TelegramServer.formatUpdate;
TelegramServer.formatUpdate = (update) => {
  const formatted = originalFormatUpdate(update);
  if (formatted.callback_query) {
    const cq = update.callbackQuery;
    formatted.callback_query.chat_instance = String(
      cq.chat_instance || (cq.message && cq.message.chat && cq.message.chat.id) || 'chat',
    );
  }
  return formatted;
};

const server = new TelegramServer({ port, host, storeTimeout: 600 });

// The emulator answers every bot message with a private chat; remember what users told us
// about each chat so the bot's messages carry the real chat type and title.
const knownChats = new Map();
const originalAddUserMessage = server.addUserMessage.bind(server);
server.addUserMessage = async (message) => {
  if (message && message.chat) knownChats.set(String(message.chat.id), message.chat);
  return originalAddUserMessage(message);
};

// The bot's messages so far per chat, and the POST /waitBotMessage requests waiting for more.
const botCounts = new Map();
let countWaiters = [];
function countBotMessage(chatId) {
  const key = String(chatId);
  botCounts.set(key, (botCounts.get(key) || 0) + 1);
  const woken = countWaiters;
  countWaiters = [];
  woken.forEach((wake) => wake());
}

function seconds(millis) {
  return Math.floor(millis / 1000);
}

function chatFor(chatId) {
  return knownChats.get(String(chatId)) || { id: Number(chatId), first_name: 'Bot', type: 'private' };
}

// Fix 2: sendMessage results carry `date` in milliseconds; PTB wants seconds.
const originalAddBotMessage = server.addBotMessage.bind(server);
server.addBotMessage = (rawMessage, botToken) => {
  const msg = originalAddBotMessage(rawMessage, botToken);
  countBotMessage(msg.chat.id);
  return {
    ...msg,
    date: seconds(msg.date),
    chat: chatFor(msg.chat.id),
    from: { id: BOT_ID, is_bot: true, first_name: 'Test First name', username: BOT_USERNAME },
  };
};

function storedBotMessage(body) {
  return server.storage.botMessages.find((u) => (
    String(u.messageId) === String(body.message_id)
    && String(u.message.chat_id) === String(body.chat_id)));
}

function asMessage(stored) {
  const { message } = stored;
  let markup;
  if (message.reply_markup && 'inline_keyboard' in message.reply_markup) markup = message.reply_markup;
  return {
    message_id: stored.messageId,
    date: seconds(stored.time),
    edit_date: seconds(Date.now()),
    chat: chatFor(message.chat_id),
    from: { id: BOT_ID, is_bot: true, first_name: 'Test First name', username: BOT_USERNAME },
    text: message.text,
    reply_markup: markup,
  };
}

function notFound(res, what) {
  res.status(400).json({ ok: false, error_code: 400, description: `Bad Request: ${what}` });
}

// Our routes go in an outer app that falls through to the package's app, so they win.
const outer = express();
outer.use(express.json());
outer.use(express.urlencoded({ extended: true }));

// Test-only fault injection: the next `times` calls of a bot method into a chat answer the
// error real Telegram gives (429 with retry_after, 403 blocked, 400 chat not found).
// POST /injectFault {chatId, method, error_code, description, retry_after?, times?}
const faults = [];
outer.post('/injectFault', (req, res) => {
  const f = req.body || {};
  faults.push({ ...f, chatId: String(f.chatId), times: Number(f.times || 1) });
  res.json({ ok: true, result: true });
});
outer.all('/bot:token/:method', (req, res, next) => {
  const chatId = String((req.body && req.body.chat_id) || req.query.chat_id || '');
  const fault = faults.find((f) => f.times > 0 && f.method === req.params.method && f.chatId === chatId);
  if (!fault) {
    next();
    return;
  }
  fault.times -= 1;
  const body = { ok: false, error_code: fault.error_code, description: fault.description };
  if (fault.retry_after !== undefined) body.parameters = { retry_after: Number(fault.retry_after) };
  res.status(fault.error_code).json(body);
});

// Fix 1: getMe lacks is_bot.
outer.all('/bot:token/getMe', (_req, res) => {
  res.json({
    ok: true,
    result: {
      id: BOT_ID,
      is_bot: true,
      first_name: 'Test First name',
      username: BOT_USERNAME,
      can_join_groups: true,
      can_read_all_group_messages: true,
      supports_inline_queries: false,
    },
  });
});

// Fix 4: edits answer `result: null`; answer the edited message as Telegram does.
for (const route of ['editMessageText', 'editMessageReplyMarkup']) {
  outer.all(`/bot:token/${route}`, (req, res) => {
    const body = req.body || {};
    if (!storedBotMessage(body)) {
      notFound(res, 'message to edit not found');
      return;
    }
    server[route](body);
    res.json({ ok: true, result: asMessage(storedBotMessage(body)) });
  });
}

// Fix 5: deleting a missing message answers HTTP 200 with ok:false; Telegram answers 400.
outer.all('/bot:token/deleteMessage', (req, res) => {
  const chatId = Number(req.body && req.body.chat_id);
  const messageId = Number(req.body && req.body.message_id);
  if (!Number.isFinite(chatId) || !Number.isFinite(messageId)) {
    notFound(res, 'please specify `chat_id` and `message_id`');
    return;
  }
  if (!server.deleteMessage(chatId, messageId)) {
    notFound(res, 'message to delete not found');
    return;
  }
  res.json({ ok: true, result: true });
});

// sendDocument (multipart, which the package does not know): stored as a bot message whose
// `document` carries the file's name and text, so tests can read what was sent.
function multipartParts(body, contentType) {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType || '');
  if (!boundary) return [];
  const marker = Buffer.from(`--${boundary[1] || boundary[2]}`);
  const parts = [];
  let start = body.indexOf(marker);
  while (start !== -1) {
    const next = body.indexOf(marker, start + marker.length);
    if (next === -1) break;
    const chunk = body.subarray(start + marker.length + 2, next - 2); // CRLF after, before
    const split = chunk.indexOf('\r\n\r\n');
    if (split !== -1) {
      const head = chunk.subarray(0, split).toString('utf8');
      const name = /name="([^"]*)"/.exec(head);
      const filename = /filename="([^"]*)"/.exec(head);
      parts.push({ name: name && name[1], filename: filename && filename[1], data: chunk.subarray(split + 4) });
    }
    start = next;
  }
  return parts;
}
outer.post('/bot:token/sendDocument', express.raw({ type: 'multipart/form-data', limit: '20mb' }), (req, res) => {
  const parts = multipartParts(req.body, req.headers['content-type']);
  const field = (n) => parts.find((p) => p.name === n);
  const chat = field('chat_id');
  const doc = field('document');
  if (!chat || !doc) {
    notFound(res, 'chat_id and document are required');
    return;
  }
  const fileName = decodeURIComponent(doc.filename || 'file');
  const markup = field('reply_markup');
  const raw = { chat_id: chat.data.toString('utf8'), text: '', document: { file_name: fileName, content: doc.data.toString('utf8') } };
  if (markup) raw.reply_markup = markup.data.toString('utf8');
  const msg = server.addBotMessage(raw, req.params.token);
  delete msg.text;
  msg.document = { file_id: `doc${msg.message_id}`, file_unique_id: `doc${msg.message_id}`, file_name: fileName };
  res.json({ ok: true, result: msg });
});

// Client side: the package answers `result: null`; tests need the id the user's message got.
// The id is taken synchronously inside addUserMessage/addUserCallback, so reading it just
// before the call is exact.
outer.post('/sendMessage', async (req, res, next) => {
  const messageId = server.messageId;
  try {
    await server.addUserMessage(req.body);
    res.json({ ok: true, result: { message_id: messageId } });
  } catch (err) {
    next(err);
  }
});
outer.post('/sendCallback', async (req, res, next) => {
  const callbackId = server.callbackId;
  try {
    await server.addUserCallback(req.body);
    res.json({ ok: true, result: { callback_query_id: String(callbackId) } });
  } catch (err) {
    next(err);
  }
});

// Client side: {chatId, after, wait_ms} → {count}, the bot's messages so far to that chat,
// answered once there are more than `after` (or after wait_ms): a user waiting for the answer
// without polling. `after: -1` answers at once.
outer.post('/waitBotMessage', async (req, res) => {
  const key = String(req.body.chatId);
  const after = Number(req.body.after);
  const count = () => botCounts.get(key) || 0;
  if (count() <= after) {
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        countWaiters = countWaiters.filter((w) => w !== wake);
        resolve();
      }, Number(req.body.wait_ms || 0));
      function wake() {
        if (count() <= after) {
          countWaiters.push(wake);
          return;
        }
        clearTimeout(timer);
        resolve();
      }
      countWaiters.push(wake);
    });
  }
  res.json({ ok: true, result: { count: count() } });
});
outer.get('/health', (_req, res) => res.json({ ok: true }));
outer.use(server.webServer);
server.webServer = outer;

async function main() {
  await server.start();
  const url = `http://${host}:${port}`;
  process.stdout.write(`TELEGRAM_PEER_READY ${JSON.stringify({ url, bot_id: BOT_ID, bot_username: BOT_USERNAME })}\n`);
}

function shutdown() {
  server.stop().finally(() => process.exit(0));
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
