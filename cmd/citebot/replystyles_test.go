package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/internal/discordtest"
	"github.com/citebot/citebot/internal/openaitest"
	"github.com/citebot/citebot/internal/replystyles"
)

// `ask --json` says how an answer was verified, and CITEBOT_MAX_ANSWER_TOKENS reaches the model as
// max_tokens (1024 when unset); a bad value stops citebot naming the variable.
func TestAskJSONVerificationAndMaxTokens(t *testing.T) {
	cases := replystyles.Cases()
	byName := map[string]int{}
	for i, c := range cases {
		byName[c.Name] = i
	}
	ai := openaitest.New(t)
	replystyles.Install(t, ai, cases, 0)
	env := baseEnv(t)
	env["OPENAI_BASE_URL"] = ai.URL()
	env["CITEBOT_CHAT_MODEL"] = "test-model"
	for _, tt := range []struct {
		name, tokens string
		want         string
		wantTokens   float64
	}{
		{"exact format", "", answer.VerificationVerified, 1024},
		{"misquote repaired", "200", answer.VerificationRepaired, 200},
		{"unrepairable, offline answer shown", "", answer.VerificationFallback, 1024},
		{"unrepairable and no offline answer: unverified", "", answer.VerificationUnverified, 1024},
	} {
		ai.Reset()
		env["CITEBOT_MAX_ANSWER_TOKENS"] = tt.tokens
		code, out, errOut := runCLI(t, env, "", "ask", "--json", replystyles.Ask(cases, byName[tt.name]))
		if code != 0 {
			t.Fatalf("%s: ask exit %d: %s", tt.name, code, errOut)
		}
		var got struct {
			Verification string `json:"verification"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil || got.Verification != tt.want {
			t.Errorf("%s: ask --json = %s (%v), want \"verification\": %q", tt.name, out, err, tt.want)
		}
		if m := ai.RequestsTo(openaitest.PathChat)[0].Body["max_tokens"]; m != tt.wantTokens {
			t.Errorf("%s: max_tokens = %v, want %v", tt.name, m, tt.wantTokens)
		}
	}
	env["CITEBOT_MAX_ANSWER_TOKENS"] = "lots"
	if code, _, errOut := runCLI(t, env, "", "ask", "x"); code != 1 || !strings.Contains(errOut, "CITEBOT_MAX_ANSWER_TOKENS") {
		t.Errorf("CITEBOT_MAX_ANSWER_TOKENS=lots: exit %d, %q; want exit 1 naming the variable", code, errOut)
	}
}

// Every reply style of the table, played by the in-process OpenAI-compatible server, reaches its
// expected outcome through "citebot serve": through the web API's event stream, where the streamed
// tokens are exactly the final answer's text, and through Discord (the real discordgo client against
// the fake Discord), where every preview edit is the start of the final answer and the final reply
// shows that answer.
func TestServeReplyStyles(t *testing.T) {
	cases := replystyles.Cases()
	ai := openaitest.New(t)
	// Words arrive 150 ms apart, so answers stream for a couple of seconds and Discord edits previews.
	script := replystyles.Install(t, ai, cases, 150*time.Millisecond)
	fake := discordtest.New(t, discordtest.Options{Token: "test-token-styles"})
	const guild, channel = "123456789012345678", "223456789012345678"
	addr := freeAddr(t)
	env := baseEnv(t)
	for k, v := range map[string]string{
		"CITEBOT_HTTP_ADDR": addr, "OPENAI_BASE_URL": ai.URL(), "CITEBOT_CHAT_MODEL": "test-model",
		"DISCORD_TOKEN": "test-token-styles", "DISCORD_API_URL": fake.URL, "DISCORD_GUILD_ID": guild,
		// A batch of cases asks at once, each answer streaming for seconds: each surface answers a
		// whole batch at once (a web question waits at most 5 s for a slot).
		"CITEBOT_MAX_CONCURRENT": fmt.Sprint(styleBatch), "CITEBOT_MAX_QUEUE": fmt.Sprint(styleBatch), "CITEBOT_QUOTA_PER_MINUTE": "0",
		// Every web question comes from this one address: no per-client limits.
		"CITEBOT_WEB_REQUESTS_PER_MINUTE": "0", "CITEBOT_WEB_STREAMS_PER_CLIENT": "0",
	} {
		env[k] = v
	}
	stop := startServeWithDiscord(t, env, addr, fake, guild, channel)

	answers := make([]answer.Answer, len(cases))
	previews := 0
	for lo := 0; lo < len(cases); lo += styleBatch {
		hi := min(lo+styleBatch, len(cases))
		var wg sync.WaitGroup
		for i := lo; i < hi; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				a, streamed, err := askStream(addr, replystyles.Ask(cases, i))
				if err != nil {
					t.Errorf("%s: web: %v", cases[i].Name, err)
					return
				}
				answers[i] = a
				for _, p := range replystyles.Check(cases[i], a, &streamed) {
					t.Errorf("%s: web: %s", cases[i].Name, p)
				}
			}()
		}
		// The same batch in Discord, at the same time: each surface has its own slots.
		ins := make([]discordtest.Interaction, len(cases))
		for i := lo; i < hi; i++ {
			ins[i] = fake.SendInteraction(discordtest.InteractionSpec{Type: 2, GuildID: guild, ChannelID: channel,
				Member:  discordtest.Member{User: discordtest.User{ID: fmt.Sprint(323456789012345678 + i), Username: "asker"}},
				Command: "ask", Options: []discordtest.Option{{Name: "question", Value: replystyles.Ask(cases, i)}}})
		}
		wg.Wait()
		for i := lo; i < hi; i++ {
			final, edits := discordFinal(t, fake, ins[i])
			previews += checkDiscord(t, cases[i].Name, answers[i], final, edits)
		}
	}
	if previews < len(cases)/2 {
		t.Errorf("%d answers showed a streaming preview in Discord, want most of the %d", previews, len(cases))
	}
	for i, c := range cases {
		all, repairs := script.Requests(i)
		want := 1
		if c.Want.Repair {
			want = 2
		}
		if all != 2*want || repairs != 2*(want-1) {
			t.Errorf("%s: %d chat requests (%d repairs) for the web and Discord answers, want %d (%d)", c.Name, all, repairs, 2*want, 2*(want-1))
		}
	}
	checkRepairMetrics(t, addr, cases)
	if p := fake.Problems(); len(p) > 0 {
		t.Errorf("payload problems: %q", p)
	}
	if code, logs := stop(); code != 0 {
		t.Errorf("serve exit %d; log:\n%s", code, logs)
	}
}

// styleBatch is how many reply styles TestServeReplyStyles asks at once, on the web and in
// Discord: all 201 at once overflowed serve's slots and the test's waits on a loaded machine.
const styleBatch = 50

// checkRepairMetrics checks that /metrics counted every repair round-trip of the web and Discord
// answers, by outcome.
func checkRepairMetrics(tb testing.TB, addr string, cases []replystyles.Case) {
	tb.Helper()
	repaired, failed := 0, 0
	for _, c := range cases {
		switch {
		case c.Want.Verification == answer.VerificationRepaired:
			repaired++
		case c.Want.Repair:
			failed++
		}
	}
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var body strings.Builder
	bufio.NewReader(resp.Body).WriteTo(&body)
	for _, surface := range []string{"web", "discord"} {
		for _, want := range []string{
			fmt.Sprintf(`citebot_citation_repairs_total{outcome="repaired",surface=%q} %d`, surface, repaired),
			fmt.Sprintf(`citebot_citation_repairs_total{outcome="failed",surface=%q} %d`, surface, failed),
		} {
			if !strings.Contains(body.String(), want) {
				tb.Errorf("/metrics lacks %s:\n%s", want, grepLines(body.String(), "repairs"))
			}
		}
	}
}

// askStream asks through POST /api/ask?stream=1 and returns the final answer and the streamed text.
func askStream(addr, question string) (answer.Answer, string, error) {
	body, _ := json.Marshal(map[string]string{"question": question})
	resp, err := http.Post("http://"+addr+"/api/ask?stream=1", "application/json", strings.NewReader(string(body)))
	if err != nil {
		return answer.Answer{}, "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return answer.Answer{}, "", fmt.Errorf("status %d", resp.StatusCode)
	}
	var streamed strings.Builder
	var a answer.Answer
	got := false
	event := ""
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data := []byte(strings.TrimPrefix(line, "data: "))
			switch event {
			case "token":
				var tok struct{ Delta string }
				if err := json.Unmarshal(data, &tok); err != nil {
					return a, "", err
				}
				if got {
					return a, "", fmt.Errorf("a token after the answer event")
				}
				streamed.WriteString(tok.Delta)
			case "answer":
				if err := json.Unmarshal(data, &a); err != nil {
					return a, "", err
				}
				got = true
			case "error":
				return a, "", fmt.Errorf("error event %s", data)
			}
		}
	}
	if !got {
		return a, "", fmt.Errorf("no answer event")
	}
	return a, streamed.String(), sc.Err()
}

// discordFinal waits for the final reply to an interaction (it carries the feedback buttons) and
// returns it with the contents of every edit of the original response before it.
func discordFinal(tb testing.TB, fake *discordtest.Server, in discordtest.Interaction) (discordtest.Message, []string) {
	tb.Helper()
	var m discordtest.Message
	if !fake.Wait(60*time.Second, func() bool {
		rec, _ := fake.Interaction(in.ID)
		var ok bool
		m, ok = fake.Message(rec.OriginalID)
		return ok && strings.Contains(string(m.Components), "fb:up:")
	}) {
		tb.Fatalf("no final reply to %q; last %+v", in.ID, m)
	}
	var edits []string
	for _, c := range fake.Calls("PATCH /webhooks/{application_id}/{interaction_token}/messages/@original") {
		if strings.Contains(c.Path, in.Token) && c.Status < 300 {
			var body struct{ Content string }
			c.JSON(&body)
			edits = append(edits, body.Content)
		}
	}
	return m, edits
}

var maskedMarker = regexp.MustCompile(`\[\[(\d+)\]\]\(<[^>]*>\)`)

// checkDiscord checks that the final Discord reply shows answer a (its notice, its text with the
// markers as links, one source per citation) and that every preview before it was the start of a's
// text. It returns 1 when a preview showed part of the answer.
func checkDiscord(tb testing.TB, name string, a answer.Answer, final discordtest.Message, edits []string) int {
	tb.Helper()
	shown := maskedMarker.ReplaceAllString(final.Content, "[$1]")
	if !strings.Contains(shown, a.Text) || a.Notice != "" && !strings.Contains(shown, a.Notice) {
		tb.Errorf("%s: Discord shows %q, want the answer %q with notice %q", name, final.Content, a.Text, a.Notice)
	}
	var embeds []struct {
		Title  string `json:"title"`
		Fields []any  `json:"fields"`
	}
	json.Unmarshal(final.Embeds, &embeds)
	fields, related := 0, 0
	for _, e := range embeds {
		if strings.HasPrefix(e.Title, "Closest passages") {
			related += len(e.Fields) // an abstention's pointers, not sources
			continue
		}
		fields += len(e.Fields)
	}
	if wantRelated := len(a.Related) * fraction(a.Abstained); related != wantRelated {
		tb.Errorf("%s: Discord lists %d closest passages, want %d", name, related, wantRelated)
	}
	if fields != len(a.Citations) {
		tb.Errorf("%s: Discord lists %d sources, want %d", name, fields, len(a.Citations))
	}
	previewed := 0
	for _, e := range edits {
		p, ok := strings.CutSuffix(e, "\n… ✍️")
		if !ok {
			continue // the placeholder or the final reply
		}
		if !strings.HasPrefix(a.Text, strings.TrimSpace(p)) {
			tb.Errorf("%s: Discord previewed %q, which the final answer %q does not start with", name, p, a.Text)
		}
		previewed = 1
	}
	return previewed
}

func fraction(b bool) int {
	if b {
		return 1
	}
	return 0
}
