package web

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/citebot/citebot/internal/openaitest"
	"github.com/citebot/citebot/internal/replystyles"
)

// In the chat page, text a model's answer showed while streaming is never taken back: every state
// of the answer's text while it streams is the start of the final text, for a verified answer that
// streams and for answers that end repaired, replaced by the offline answer, or abstaining. (The
// final text is then shown rendered as Markdown, "- " becoming a bullet: the page keeps the text
// itself in data-answer.)
func TestBrowserStreamingNeverTakesBack(t *testing.T) {
	ctx := newBrowser(t)
	cases := replystyles.Cases()
	fake := openaitest.New(t)
	replystyles.Install(t, fake, cases, 80*time.Millisecond)
	ts := httptest.NewServer(modelServer(t, fake).Handler())
	defer ts.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.ID("send")),
		chromedp.Evaluate[chromedp.Void](`window.states = [];
		  new MutationObserver(() => {
		    const t = document.querySelectorAll(".msg.bot .text");
		    if (t.length) { window.states.push(t[t.length - 1].textContent); }
		  }).observe(document.getElementById("conversation"), {childList: true, subtree: true, characterData: true});`)); err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		switch c.Name {
		case "bullets with quoted markers", "misquote repaired", "unrepairable, offline answer shown", "NOT_IN_SOURCES plain":
		default:
			continue
		}
		q, _ := json.Marshal(replystyles.Ask(cases, i)) // typed keys would lose its invisible tag
		err := chromedp.Do(ctx,
			chromedp.Evaluate[chromedp.Void](`window.states = []; document.getElementById("question").value = `+string(q)),
			chromedp.Click(chromedp.ID("send")),
			chromedp.WaitVisible(chromedp.CSS(".msg.bot:last-child:not(.streaming) .meta")),
		)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		type result struct {
			States   []string `json:"states"`
			Final    string   `json:"final"`
			Rendered string   `json:"rendered"`
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[result](`(() => {
		  const m = document.querySelectorAll(".msg.bot");
		  const last = m[m.length - 1];
		  return {states: window.states, final: last.getAttribute("data-answer"), rendered: last.querySelector(".text").textContent};
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		states, final := got.States, got.Final
		for _, s := range states {
			if !strings.HasPrefix(final, s) && s != got.Rendered {
				t.Errorf("%s: the page showed %q, then the final answer %q", c.Name, s, final)
			}
		}
		if c.Name == "bullets with quoted markers" && len(states) < 3 {
			t.Errorf("%s: %d states while streaming, want the answer to grow in steps", c.Name, len(states))
		}
	}
	checkNoPageProblems(t, ctx, "chat page, model mode")
}
