#!/usr/bin/env node
// A WeChat peer for lingong's end-to-end tests: a wechaty PuppetServer (gRPC, plaintext) backed
// by PuppetMock, plus a small HTTP control endpoint that plays the human side.
//
// Usage: node wechat_peer.js <grpc port> <control port> [token]
//        (or WECHAT_GRPC_PORT, WECHAT_CONTROL_PORT, WECHAT_TOKEN)
// Prints one line `WECHAT_PEER_READY {…}` on stdout once both listen.
//
// Control endpoint (JSON in, JSON out):
//   GET  /health                      → {ok, logged_in}
//   GET  /self                        → the bot's contact {id, name}
//   POST /contact {id?, name}         → {id, name}
//   POST /room {id, topic, member_ids} → {id, topic}  (the bot joins every room; ids need '@')
//   POST /say {from, to, text, mention_ids?, kind?, age_ms?} → {id}; `to` is a room id or the
//        bot's id (a DM); kind "image" sends a tiny PNG; age_ms backdates the message
//   GET  /sent?since=N[&wait_ms=M]    → {messages: [{seq, id, to, text, mention_ids, timestamp}]}
//        what the bot said, seq > N; a file the bot sent also has file_name and file_text;
//        with wait_ms, an empty answer waits up to M ms for the bot's next message
'use strict';

const http = require('http');
const { PuppetServer } = require('wechaty-puppet-service');
const { PuppetMock, mock } = require('wechaty-puppet-mock');
const { FileBox } = require('file-box');

const grpcPort = Number(process.argv[2] || process.env.WECHAT_GRPC_PORT || 8788);
const controlPort = Number(process.argv[3] || process.env.WECHAT_CONTROL_PORT || 8789);
const token = process.argv[4] || process.env.WECHAT_TOKEN || 'lingong-e2e-token';
const host = '127.0.0.1';
const BOT = { id: 'wxid_lingong_bot', name: '零工助手' };
// A 1×1 PNG, so an image message has a real file behind it.
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

for (const [name, value] of [['grpc port', grpcPort], ['control port', controlPort]]) {
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`bad ${name}: ${value}`);
    process.exit(2);
  }
}

// Fix 2: PuppetMock.messageSendText resolves no message id, so the Python client's say() fails
// on MessagePayload(""). Return the id of the message the mock just created; keep mentions.
class IdReturningPuppetMock extends PuppetMock {
  async messageSendText(conversationId, text, mentionIdList) {
    if (!this.isLoggedIn) throw new Error('not logged in');
    const user = this.mocker.ContactMock.load(this.currentUserId);
    const conversation = /@/.test(conversationId)
      ? this.mocker.RoomMock.load(conversationId)
      : this.mocker.ContactMock.load(conversationId);
    const mentions = (mentionIdList || []).map((id) => this.mocker.ContactMock.load(id));
    user.say(text, mentions).to(conversation);
    const ids = [...this.mocker.cacheMessagePayload.keys()];
    return ids[ids.length - 1];
  }

  // Files the bot sends are recorded with their name and text (tests read them from /sent).
  async messageSendFile(conversationId, fileBox) {
    if (!this.isLoggedIn) throw new Error('not logged in');
    const content = await fileBox.toBuffer();
    fileSeq += 1;
    const id = `file-${fileSeq}`;
    pushSent({
      seq: sent.length + 1,
      id,
      to: conversationId,
      text: '',
      file_name: fileBox.name,
      file_text: content.toString('utf8'),
      mention_ids: [],
      timestamp: Date.now(),
    });
    return id;
  }
}
let fileSeq = 0;

const mocker = new mock.Mocker();
const puppet = new IdReturningPuppetMock({ mocker });
const bot = mocker.createContact(BOT);

// Fix 1: the Python client sends Stop then Start on connect, which logs the mock out; log the
// bot in again on every start.
mocker.use((m) => {
  setImmediate(() => m.login(bot));
  return () => {};
});

// Everything the bot says, in order; tests read it through GET /sent.
const sent = [];
// GET /sent requests waiting for the bot's next message (wait_ms): called on each push.
let waiters = [];
function pushSent(entry) {
  sent.push(entry);
  const woken = waiters;
  waiters = [];
  woken.forEach((wake) => wake());
}
bot.on('message', (msg) => {
  const p = msg.payload;
  if (p.talkerId !== BOT.id) return;
  pushSent({
    seq: sent.length + 1,
    id: p.id,
    to: p.roomId || p.listenerId,
    text: p.text || '',
    mention_ids: p.mentionIdList || [],
    timestamp: p.timestamp,
  });
});

function loadContact(id) {
  if (id === BOT.id) return bot;
  return mocker.ContactMock.load(id);
}

let contactSeq = 0;
const routes = {
  'GET /health': () => ({ ok: true, logged_in: puppet.isLoggedIn }),
  'GET /self': () => ({ id: BOT.id, name: BOT.name }),
  'POST /contact': (body) => {
    contactSeq += 1;
    const id = body.id || `wxid_user${contactSeq}_${Date.now()}`;
    const contact = mocker.createContact({ id, name: body.name || id });
    return { id: contact.id, name: contact.payload.name };
  },
  'POST /room': (body) => {
    if (!body.id || !body.id.includes('@')) throw new Error('room id must contain @');
    const members = [...new Set([BOT.id, ...(body.member_ids || [])])];
    members.forEach(loadContact); // fail early on unknown members
    const room = mocker.createRoom({ id: body.id, topic: body.topic || body.id, memberIdList: members });
    return { id: room.id, topic: room.payload.topic };
  },
  'POST /say': (body) => {
    const talker = loadContact(body.from);
    const to = /@/.test(body.to) ? mocker.RoomMock.load(body.to) : loadContact(body.to);
    const mentions = (body.mention_ids || []).map(loadContact);
    const what = body.kind === 'image' ? FileBox.fromBase64(PNG_1x1, 'photo.png') : body.text;
    talker.say(what, mentions).to(to);
    const ids = [...mocker.cacheMessagePayload.keys()];
    const id = ids[ids.length - 1];
    // Backdate (history replayed on login): the client reads the payload after this returns.
    if (body.age_ms) mocker.cacheMessagePayload.get(id).timestamp -= Number(body.age_ms);
    return { id };
  },
  'GET /sent': async (_body, query) => {
    const since = Number(query.get('since') || 0);
    const waitMs = Number(query.get('wait_ms') || 0);
    if (waitMs > 0 && sent.length <= since) {
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== wake);
          resolve();
        }, waitMs);
        function wake() {
          clearTimeout(timer);
          resolve();
        }
        waiters.push(wake);
      });
    }
    return { messages: sent.filter((m) => m.seq > since) };
  },
};

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(raw ? JSON.parse(raw) : {});
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}

const control = http.createServer(async (req, res) => {
  const url = new URL(req.url, `http://${host}`);
  const handler = routes[`${req.method} ${url.pathname}`];
  res.setHeader('content-type', 'application/json; charset=utf-8');
  if (!handler) {
    res.statusCode = 404;
    res.end(JSON.stringify({ error: `no route ${req.method} ${url.pathname}` }));
    return;
  }
  try {
    const body = await readJson(req);
    res.end(JSON.stringify(await handler(body, url.searchParams)));
  } catch (err) {
    res.statusCode = 400;
    res.end(JSON.stringify({ error: String(err && err.message ? err.message : err) }));
  }
});

const server = new PuppetServer({
  endpoint: `${host}:${grpcPort}`,
  puppet,
  token,
  tls: { disable: true },
});

async function main() {
  await puppet.start();
  await server.start();
  await new Promise((resolve, reject) => {
    control.once('error', reject);
    control.listen(controlPort, host, resolve);
  });
  const info = {
    endpoint: `${host}:${grpcPort}`,
    token,
    control_url: `http://${host}:${controlPort}`,
    bot_id: BOT.id,
    bot_name: BOT.name,
  };
  process.stdout.write(`WECHAT_PEER_READY ${JSON.stringify(info)}\n`);
}

async function shutdown() {
  control.close();
  try {
    await server.stop();
    await puppet.stop();
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
