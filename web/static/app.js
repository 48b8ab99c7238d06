// citebot chat page: ask a question, watch the answer stream in, open the cited paragraphs, and get a
// one-click summary per platform. Everything from the server is inserted as text, never as HTML.
(function () {
  "use strict";
  var form = document.getElementById("ask");
  var input = document.getElementById("question");
  var send = document.getElementById("send");
  var clear = document.getElementById("clear");
  var conversation = document.getElementById("conversation");
  var platformsEl = document.getElementById("platforms");
  var statusEl = document.getElementById("status");
  var history = [];
  var maxHistory = 16;
  var busy = false;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function setBusy(b, msg) {
    busy = b;
    send.disabled = b;
    var buttons = platformsEl.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) { buttons[i].disabled = b; }
    statusEl.textContent = msg || "";
  }

  function addUser(text) {
    var m = el("div", "msg user", text);
    conversation.appendChild(m);
    return m;
  }

  function addBot() {
    var m = el("div", "msg bot streaming");
    m.appendChild(el("div", "text", ""));
    conversation.appendChild(m);
    m.scrollIntoView({ block: "end" });
    return m;
  }

  // renderAnswer fills a bot message with the final text (markers "[N]" become links to the cited
  // paragraphs) and the list of citations. text is the answer or summary text.
  function renderAnswer(m, text, a) {
    m.classList.remove("streaming");
    m.classList.toggle("abstained", !!a.abstained);
    // Under an abstention the text points at the closest passages ("[N]" too): link those.
    var cites = (a.citations && a.citations.length) ? a.citations : (a.abstained ? (a.related || []) : []);
    var byN = {};
    cites.forEach(function (c) { byN[c.n] = c; });
    var shown = String(text || "").replace(/\s+/g, " ");
    var body = el("div", "text");
    var parts = String(text || "").split(/(\[\d+\])/);
    parts.forEach(function (part) {
      var mm = /^\[(\d+)\]$/.exec(part);
      var c = mm && byN[parseInt(mm[1], 10)];
      if (c) {
        var link = el("a", "cite", part);
        link.href = c.url;
        link.target = "_blank";
        link.rel = "noopener";
        link.title = c.file + " ¶" + c.paragraph;
        body.appendChild(link);
      } else {
        body.appendChild(document.createTextNode(part));
      }
    });
    m.replaceChild(body, m.querySelector(".text"));
    var old = m.querySelector("ol.citations");
    if (old) { old.remove(); }
    if (cites.length) {
      var ol = el("ol", cites === a.citations ? "citations" : "citations related");
      if (cites !== a.citations) { ol.setAttribute("aria-label", "Closest passages, not an answer"); }
      cites.forEach(function (c) {
        var li = el("li");
        li.value = c.n;
        var link = el("a", "source", c.file + " ¶" + c.paragraph);
        link.href = c.url;
        link.target = "_blank";
        link.rel = "noopener";
        li.appendChild(link);
        var lines = c.start_line === c.end_line ? "L" + c.start_line : "L" + c.start_line + "–" + c.end_line;
        li.appendChild(el("span", "where", " (" + lines + ") "));
        // A quote the text above already shows (an offline answer or a summary point) is not
        // repeated: each point and its source appear once.
        var quote = String(c.quote || "").replace(/\s+/g, " ");
        if (quote && shown.indexOf(quote) < 0) { li.appendChild(el("q", "", c.quote)); }
        ol.appendChild(li);
      });
      m.appendChild(ol);
    }
    var meta = [];
    if (a.mode) { meta.push(a.mode === "llm" && a.model ? "model " + a.model : a.mode); }
    if (a.abstained) { meta.push("not in the sources"); }
    if (a.notice) { meta.push(a.notice); }
    if (meta.length) { m.appendChild(el("div", "meta", meta.join(" · "))); }
  }

  function renderError(m, msg) {
    m.classList.remove("streaming");
    m.querySelector(".text").textContent = "";
    m.appendChild(el("div", "error", msg));
  }

  async function errorOf(res) {
    try {
      var body = await res.json();
      if (body && body.error) { return body.error; }
    } catch (e) { /* not JSON */ }
    return res.status + " " + res.statusText;
  }

  // readEvents parses a server-sent event stream from a fetch response and calls onEvent(name, data).
  async function readEvents(res, onEvent) {
    var reader = res.body.getReader();
    var decoder = new TextDecoder();
    var buf = "";
    for (;;) {
      var chunk = await reader.read();
      if (chunk.done) { break; }
      buf += decoder.decode(chunk.value, { stream: true });
      var at;
      while ((at = buf.indexOf("\n\n")) >= 0) {
        var block = buf.slice(0, at);
        buf = buf.slice(at + 2);
        var name = "message";
        var data = [];
        block.split("\n").forEach(function (line) {
          if (line.indexOf("event:") === 0) { name = line.slice(6).trim(); }
          else if (line.indexOf("data:") === 0) { data.push(line.slice(5).replace(/^ /, "")); }
        });
        if (data.length) { onEvent(name, JSON.parse(data.join("\n"))); }
      }
    }
  }

  async function ask(question) {
    // A model's text appears once its citations check out, so the first words may take a moment.
    setBusy(true, "Answering… (citations are checked before text appears)");
    addUser(question);
    var m = addBot();
    var textEl = m.querySelector(".text");
    var finished = false;
    try {
      var res = await fetch("/api/ask?stream=1", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "text/event-stream" },
        body: JSON.stringify({ question: question, history: history.slice(-maxHistory) })
      });
      if (!res.ok) { renderError(m, await errorOf(res)); return; }
      await readEvents(res, function (name, data) {
        if (name === "token") {
          textEl.textContent += data.delta;
        } else if (name === "answer") {
          finished = true;
          renderAnswer(m, data.answer, data);
          history.push({ role: "user", content: question }, { role: "assistant", content: data.answer });
        } else if (name === "error") {
          finished = true;
          renderError(m, data.error);
        }
      });
      if (!finished) { renderError(m, "The answer stream ended early; please ask again."); }
    } catch (e) {
      renderError(m, "Could not reach the server: " + e.message);
    } finally {
      setBusy(false);
      m.scrollIntoView({ block: "nearest" });
    }
  }

  async function summarize(platform) {
    setBusy(true, "Summarising " + platform + "…");
    addUser("Summary: " + platform);
    var m = addBot();
    try {
      var res = await fetch("/api/summary/" + encodeURIComponent(platform), { headers: { "Accept": "application/json" } });
      if (!res.ok) { renderError(m, await errorOf(res)); return; }
      var s = await res.json();
      renderAnswer(m, s.summary, s);
    } catch (e) {
      renderError(m, "Could not reach the server: " + e.message);
    } finally {
      setBusy(false);
      m.scrollIntoView({ block: "nearest" });
    }
  }

  async function loadPlatforms() {
    try {
      var res = await fetch("/api/platforms", { headers: { "Accept": "application/json" } });
      if (!res.ok) { return; }
      var body = await res.json();
      // A corpus without a platform catalog has no summaries: the section stays hidden.
      document.getElementById("summaries").hidden = !(body.platforms || []).length;
      (body.platforms || []).forEach(function (p) {
        var b = el("button", "", p.name);
        b.type = "button";
        b.title = "Summarise what the sources say about " + p.name + (p.documents ? " (" + p.documents + " documents)" : "");
        b.setAttribute("data-platform", p.name);
        b.addEventListener("click", function () { if (!busy) { summarize(p.name); } });
        platformsEl.appendChild(b);
      });
    } catch (e) {
      statusEl.textContent = "Could not load platforms: " + e.message;
    } finally {
      platformsEl.dataset.loaded = "1";
    }
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = input.value.trim();
    if (!q || busy) { return; }
    input.value = "";
    ask(q);
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && !ev.shiftKey) {
      ev.preventDefault();
      form.requestSubmit();
    }
  });
  clear.addEventListener("click", function () {
    history = [];
    conversation.textContent = "";
    statusEl.textContent = "";
    input.focus();
  });
  loadPlatforms();
})();
