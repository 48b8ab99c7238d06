// citebot chat page: ask a question, watch the answer stream in, open the cited paragraphs, and get a
// one-click summary per platform. Everything from the server is inserted as text, except the answer's
// HTML rendering, which the server sanitises and whose only links are citation markers.
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

  // squash folds whitespace, so a quote can be compared with the text that shows it.
  function squash(t) { return String(t || "").replace(/\s+/g, " ").trim(); }

  // pages names the page or pages of a PDF a citation is on, "p. 3" or "pp. 3–4", as
  // retrieval.PageSpan.Label does; "" for other documents, whose JSON has no page.
  function pages(c) {
    if (!c.page) { return ""; }
    return c.end_page > c.page ? "pp. " + c.page + "–" + c.end_page : "p. " + c.page;
  }

  // label names a citation the way a reader knows it: the document's title, else its file, then
  // the paragraph, after its page in a PDF.
  function label(c) { return (c.title || c.file) + " " + (c.page ? pages(c) + " " : "") + "¶" + c.paragraph; }

  function sourceLink(c) {
    var link = el("a", "source", label(c));
    link.href = c.url;
    link.target = "_blank";
    link.rel = "noopener";
    return link;
  }

  // where is a citation's secondary position: the file (when the label shows a title) and lines;
  // in a PDF the file alone, since the label names the page and the lines of the text read from
  // it are in no PDF viewer.
  function where(c) {
    if (c.page) { return c.file; }
    var lines = c.start_line === c.end_line ? "line " + c.start_line : "lines " + c.start_line + "–" + c.end_line;
    return c.title ? c.file + ", " + lines : lines;
  }

  // columnNames names the columns of the table row a citation quotes: the names the server split
  // from its table's header row (c.column_names, ["Term", "First week starts"]), shown as
  // answer.Citation.ColumnNames shows them, "Term · First week starts" (an unnamed column "–"). The
  // page never splits a Markdown row itself: from a server whose JSON has "columns" but no
  // "column_names", it shows the header row as the document writes it. "" when the quote is no
  // table row.
  function columnNames(c) {
    if (Array.isArray(c.column_names) && c.column_names.length) {
      return c.column_names.map(function (name) { return String(name).trim() || "–"; }).join(" · ");
    }
    return squash(c.columns);
  }

  // addColumns shows under a citation the names of its table row's columns: context, like a
  // heading, so not a quote.
  function addColumns(li, c) {
    var names = columnNames(c);
    if (names) { li.appendChild(el("span", "columns", "columns: " + names)); }
  }

  // targets are what an answer's markers "[N]" point at: its citations, or under an abstention
  // (whose text marks the closest passages "[N]" too) its related passages.
  function targets(a) {
    if (a.citations && a.citations.length) { return a.citations; }
    return a.abstained ? (a.related || []) : [];
  }

  // textBody is the fallback rendering of plain text: markers "[N]" become links to their targets.
  function textBody(text, a) {
    var byN = {};
    targets(a).forEach(function (c) { byN[c.n] = c; });
    var body = el("div", "text plain");
    String(text || "").split(/(\[\d+\])/).forEach(function (part) {
      var mm = /^\[(\d+)\]$/.exec(part);
      var c = mm && byN[parseInt(mm[1], 10)];
      if (c) {
        var link = el("a", "cite", part);
        link.href = c.url;
        link.target = "_blank";
        link.rel = "noopener";
        link.title = label(c);
        body.appendChild(link);
      } else {
        body.appendChild(document.createTextNode(part));
      }
    });
    return body;
  }

  // renderAnswer fills a bot message with the final answer or summary: its text (the server's
  // sanitised HTML rendering, whose only links are the citation markers), the standalone question
  // that was searched when a follow-up was rewritten, the sources, and for an answer the sources do
  // not hold, the closest passages, clearly marked as not an answer. text is the answer or summary.
  function renderAnswer(m, text, a, question) {
    m.classList.remove("streaming");
    m.classList.toggle("abstained", !!a.abstained);
    // The text as streamed, before its Markdown rendering: what was shown while streaming is its start.
    m.setAttribute("data-answer", String(text || ""));
    ["div.query", "ol.citations.sources", "div.related", "div.meta"].forEach(function (sel) {
      var old = m.querySelector(sel);
      if (old) { old.remove(); }
    });
    var body;
    if (typeof a.html === "string") {
      body = el("div", "text rendered");
      body.innerHTML = a.html; // sanitised by the server (goldmark + bluemonday)
    } else {
      body = textBody(text, a);
    }
    m.replaceChild(body, m.querySelector(".text"));
    if (a.query && squash(a.query) !== squash(question)) {
      m.insertBefore(el("div", "query", "Searching for: " + a.query), body);
    }
    var shown = squash(text);
    if (a.citations && a.citations.length) {
      var ol = el("ol", "citations sources");
      a.citations.forEach(function (c) {
        var li = el("li");
        li.value = c.n;
        li.appendChild(sourceLink(c));
        li.appendChild(el("span", "where", " · " + where(c)));
        // A quote the text already shows (a summary's point, an extractive sentence) is not repeated.
        if (c.quote && shown.indexOf(squash(c.quote)) < 0) {
          li.appendChild(document.createTextNode(" "));
          li.appendChild(el("q", "", c.quote));
        }
        addColumns(li, c);
        ol.appendChild(li);
      });
      m.appendChild(ol);
    }
    if (a.abstained && a.related && a.related.length) {
      var rel = el("div", "related");
      rel.appendChild(el("p", "label", "Closest passages in the sources (they do not answer the question):"));
      var list = el("ol", "citations related");
      list.setAttribute("aria-label", "Closest passages, not an answer");
      a.related.forEach(function (c) {
        var li = el("li");
        li.value = c.n; // the abstention's text points at them with "[N]"
        li.appendChild(sourceLink(c));
        li.appendChild(el("span", "where", " · " + where(c)));
        // The abstention's text already quotes a passage it points at with "[N]".
        var excerpt = squash(c.quote || c.text);
        if (excerpt && shown.indexOf(excerpt) < 0 && shown.indexOf("[" + c.n + "]") < 0) {
          li.appendChild(document.createTextNode(" "));
          li.appendChild(el("q", "", excerpt.length > 160 ? excerpt.slice(0, 157) + "…" : excerpt));
        }
        addColumns(li, c);
        list.appendChild(li);
      });
      rel.appendChild(list);
      m.appendChild(rel);
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
          renderAnswer(m, data.answer, data, question);
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
      renderAnswer(m, s.summary, s, "");
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
