// The station screen: a clock, paging through the jobs, and a quiet refresh of the list.
// No library: it runs on whatever browser the station's TV or PC has.
(function () {
  "use strict";
  var body = document.body;
  var refresh = Number(body.dataset.refresh || 30) * 1000;
  var pageSeconds = Number(body.dataset.pageSeconds || 12) * 1000;
  var live = document.getElementById("live");
  var page = 0;
  var offset = 0; // server clock minus this machine's: the screen shows the bot's time
  var last = "";
  var WEEK = "日一二三四五六";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function readServerTime() {
    var counts = live.querySelector("[data-server-ms]");
    if (counts) { offset = Number(counts.dataset.serverMs) - Date.now(); }
  }

  function tick() {
    // Asia/Shanghai is UTC+8 all year.
    var d = new Date(Date.now() + offset + 8 * 3600 * 1000);
    document.getElementById("time").textContent = pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
    document.getElementById("date").textContent =
      (d.getUTCMonth() + 1) + "月" + d.getUTCDate() + "日 星期" + WEEK.charAt(d.getUTCDay());
  }

  function pages() {
    var items = live.querySelectorAll(".job");
    return items.length ? Number(items[items.length - 1].dataset.page) + 1 : 0;
  }

  function show() {
    var total = pages();
    if (page >= total) { page = 0; }
    var items = live.querySelectorAll(".job");
    for (var i = 0; i < items.length; i++) {
      items[i].hidden = Number(items[i].dataset.page) !== page;
    }
    var pager = document.getElementById("pager");
    if (pager) { pager.textContent = total > 1 ? "第 " + (page + 1) + " / " + total + " 页" : ""; }
  }

  function strip(html) { return html.replace(/data-server-ms="\d+"/, ""); }

  function reload() {
    fetch(location.pathname.replace(/\/$/, "") + "/live", { cache: "no-store" })
      .then(function (r) {
        if (r.status === 404) { location.reload(); return null; }
        return r.ok ? r.text() : null;
      })
      .then(function (html) {
        if (html === null) { return; }
        if (strip(html) !== last) {
          live.innerHTML = html; // one swap: the old list stays until the new one is ready
          last = strip(html);
          show();
        }
        readServerTime();
      })
      .catch(function () { /* the station's internet comes and goes: try again later */ });
  }

  last = strip(live.innerHTML);
  readServerTime();
  tick();
  show();
  setInterval(tick, 1000);
  setInterval(function () { page += 1; show(); }, pageSeconds);
  setInterval(reload, refresh);
})();
