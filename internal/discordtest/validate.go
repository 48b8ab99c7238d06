package discordtest

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"
)

// specBesideCheckout is where the project keeps Discord's OpenAPI description, relative to the
// module root: in the shared folder beside the checkout.
const specBesideCheckout = "../shared/discord-api-spec/openapi.json"

// findSpec returns the path of Discord's OpenAPI description: [specBesideCheckout] from the module
// root, found by walking up from the working directory (a test's is its package folder) to go.mod.
func findSpec() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, filepath.FromSlash(specBesideCheckout))
			if _, err := os.Stat(p); err != nil {
				return "", fmt.Errorf("no Discord OpenAPI description at %s (%s from the module root %s)", p, specBesideCheckout, dir)
			}
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory, so no module root to find " + specBesideCheckout + " from")
		}
		dir = parent
	}
}

// vendoredSpec is a gzipped copy of Discord's OpenAPI description (MIT, see spec/LICENSE), used when
// the shared folder is not beside the checkout (a clone elsewhere, e.g. /tmp/x), so that request
// bodies are always checked against the spec and the check is never silently skipped.
//
//go:embed spec/openapi.json.gz
var vendoredSpec []byte

// vendoredSpecName names the vendored copy in test logs and errors.
const vendoredSpecName = "internal/discordtest/spec/openapi.json.gz"

// Discord's message limits (characters, counted in UTF-16 code units).
const (
	limitContent      = 2000
	limitTitle        = 256
	limitDescription  = 4096
	limitFields       = 25
	limitFieldName    = 256
	limitFieldValue   = 1024
	limitFooter       = 2048
	limitAuthor       = 256
	limitEmbedsTotal  = 6000
	limitEmbeds       = 10
	limitCustomID     = 100
	limitActionRows   = 5
	limitRowButtons   = 5
	limitChoices      = 25
	limitChoiceName   = 100
	limitCommandDesc  = 100
	limitCommandCount = 100
)

func units(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// validate checks a request body against Discord's limits, the project's rule that every message
// disables mentions, and the OpenAPI description. s.mu is held.
func (s *Server) validate(c *Call, rt *route) {
	var v any
	if err := json.Unmarshal(c.Body, &v); err != nil {
		s.problem("%s: body is not JSON: %v", c.Route, err)
		return
	}
	if s.spec != nil {
		if err := s.spec.checkBody(rt.method, rt.pattern, v); err != nil {
			s.problem("%s: body does not match Discord's OpenAPI description: %v", c.Route, err)
		}
	}
	var msg map[string]any
	switch rt.pattern {
	case "/interactions/{interaction_id}/{interaction_token}/callback":
		obj, _ := v.(map[string]any)
		d, _ := obj["data"].(map[string]any)
		typ, _ := obj["type"].(float64)
		switch typ {
		case 4, 7:
			msg = d
		case 8:
			// Autocomplete choices are not a message (discordgo still sends an empty "content").
			checkChoices(s, c.Route, d["choices"])
		}
		if d != nil && msg == nil && typ != 8 {
			if _, ok := d["content"]; ok {
				msg = d
			}
		}
	case "/webhooks/{application_id}/{interaction_token}/messages/@original",
		"/webhooks/{application_id}/{interaction_token}/messages/{message_id}",
		"/webhooks/{application_id}/{interaction_token}",
		"/channels/{channel_id}/messages",
		"/channels/{channel_id}/messages/{message_id}":
		msg, _ = v.(map[string]any)
	case "/applications/{application_id}/commands", "/applications/{application_id}/guilds/{guild_id}/commands":
		checkCommands(s, c.Route, v)
	}
	if msg != nil {
		for _, p := range messageProblems(msg) {
			s.problem("%s: %s", c.Route, p)
		}
	}
}

// messageProblems lists what is wrong with a message payload.
func messageProblems(m map[string]any) []string {
	var out []string
	_, hasContent := m["content"]
	content, _ := m["content"].(string)
	if n := units(content); n > limitContent {
		out = append(out, fmt.Sprintf("content has %d characters, limit %d", n, limitContent))
	}
	// Any message that carries text must say whom it may ping: nobody.
	if hasContent || m["embeds"] != nil {
		am, ok := m["allowed_mentions"].(map[string]any)
		parse, isList := am["parse"].([]any)
		switch {
		case !ok:
			out = append(out, "allowed_mentions missing")
		case !isList:
			out = append(out, "allowed_mentions.parse is not a list (null lets Discord parse everything)")
		case len(parse) != 0:
			out = append(out, fmt.Sprintf("allowed_mentions.parse = %v, want []", parse))
		}
		if ok && (am["users"] != nil || am["roles"] != nil) {
			out = append(out, "allowed_mentions names users or roles")
		}
	}
	embeds, _ := m["embeds"].([]any)
	if len(embeds) > limitEmbeds {
		out = append(out, fmt.Sprintf("%d embeds, limit %d", len(embeds), limitEmbeds))
	}
	total := 0
	for i, e := range embeds {
		em, _ := e.(map[string]any)
		str := func(k string) string { v, _ := em[k].(string); return v }
		check := func(what, v string, limit int) {
			if n := units(v); n > limit {
				out = append(out, fmt.Sprintf("embed %d: %s has %d characters, limit %d", i, what, n, limit))
			}
			total += units(v)
		}
		check("title", str("title"), limitTitle)
		check("description", str("description"), limitDescription)
		fields, _ := em["fields"].([]any)
		if len(fields) > limitFields {
			out = append(out, fmt.Sprintf("embed %d: %d fields, limit %d", i, len(fields), limitFields))
		}
		for j, f := range fields {
			fm, _ := f.(map[string]any)
			name, _ := fm["name"].(string)
			value, _ := fm["value"].(string)
			if name == "" || value == "" {
				out = append(out, fmt.Sprintf("embed %d field %d: empty name or value", i, j))
			}
			check(fmt.Sprintf("field %d name", j), name, limitFieldName)
			check(fmt.Sprintf("field %d value", j), value, limitFieldValue)
		}
		if ft, ok := em["footer"].(map[string]any); ok {
			t, _ := ft["text"].(string)
			check("footer", t, limitFooter)
		}
		if au, ok := em["author"].(map[string]any); ok {
			t, _ := au["name"].(string)
			check("author", t, limitAuthor)
		}
	}
	if total > limitEmbedsTotal {
		out = append(out, fmt.Sprintf("embeds have %d characters in all, limit %d", total, limitEmbedsTotal))
	}
	rows, _ := m["components"].([]any)
	if len(rows) > limitActionRows {
		out = append(out, fmt.Sprintf("%d action rows, limit %d", len(rows), limitActionRows))
	}
	for i, r := range rows {
		rm, _ := r.(map[string]any)
		comps, _ := rm["components"].([]any)
		if len(comps) > limitRowButtons {
			out = append(out, fmt.Sprintf("row %d: %d components, limit %d", i, len(comps), limitRowButtons))
		}
		for _, c := range comps {
			cm, _ := c.(map[string]any)
			if id, _ := cm["custom_id"].(string); units(id) > limitCustomID {
				out = append(out, fmt.Sprintf("row %d: custom_id has %d characters, limit %d", i, units(id), limitCustomID))
			}
		}
	}
	return out
}

func checkChoices(s *Server, route string, v any) {
	choices, _ := v.([]any)
	if len(choices) > limitChoices {
		s.problem("%s: %d choices, limit %d", route, len(choices), limitChoices)
	}
	for _, c := range choices {
		cm, _ := c.(map[string]any)
		if name, _ := cm["name"].(string); units(name) < 1 || units(name) > limitChoiceName {
			s.problem("%s: choice name %q has %d characters, want 1..%d", route, name, units(name), limitChoiceName)
		}
	}
}

func checkCommands(s *Server, route string, v any) {
	cmds, _ := v.([]any)
	if len(cmds) > limitCommandCount {
		s.problem("%s: %d commands", route, len(cmds))
	}
	for _, c := range cmds {
		cm, _ := c.(map[string]any)
		name, _ := cm["name"].(string)
		desc, _ := cm["description"].(string)
		if typ, _ := cm["type"].(float64); typ == 2 || typ == 3 {
			// User and message commands: a name of 1-32 characters (any case, spaces allowed), an
			// empty description and no options.
			if n := units(name); n < 1 || n > 32 {
				s.problem("%s: context menu command name %q must be 1-32 characters", route, name)
			}
			if desc != "" {
				s.problem("%s: context menu command %q has a description; Discord wants none", route, name)
			}
			if opts, _ := cm["options"].([]any); len(opts) > 0 {
				s.problem("%s: context menu command %q has options", route, name)
			}
			continue
		}
		if name == "" || strings.ToLower(name) != name || len(name) > 32 {
			s.problem("%s: command name %q must be 1-32 lowercase characters", route, name)
		}
		if units(desc) < 1 || units(desc) > limitCommandDesc {
			s.problem("%s: command %q description has %d characters, want 1..%d", route, name, units(desc), limitCommandDesc)
		}
		opts, _ := cm["options"].([]any)
		for _, o := range opts {
			om, _ := o.(map[string]any)
			checkChoices(s, route+" "+name, om["choices"])
			if ch, _ := om["choices"].([]any); len(ch) > 0 && om["autocomplete"] == true {
				s.problem("%s: option %v has both choices and autocomplete", route, om["name"])
			}
		}
	}
}

// spec is Discord's OpenAPI description, enough of it to validate request bodies with a small subset
// of JSON Schema: $ref, type, properties, required, enum, min/max length, items and counts, minimum and
// maximum, oneOf/anyOf/allOf.
type spec struct {
	paths   map[string]map[string]json.RawMessage
	schemas map[string]any
}

func loadSpec(path string) (*spec, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading Discord's OpenAPI description: %w", err)
	}
	return parseSpec(path, b)
}

// loadVendoredSpec parses [vendoredSpec].
func loadVendoredSpec() (*spec, error) {
	zr, err := gzip.NewReader(bytes.NewReader(vendoredSpec))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", vendoredSpecName, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", vendoredSpecName, err)
	}
	return parseSpec(vendoredSpecName, b)
}

func parseSpec(path string, b []byte) (*spec, error) {
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	return &spec{paths: doc.Paths, schemas: doc.Components.Schemas}, nil
}

// checkBody validates a request body against the operation whose path template has the same shape
// as pattern (parameter names may differ).
func (sp *spec) checkBody(method, pattern string, body any) error {
	for p, ops := range sp.paths {
		if !sameShape(p, pattern) {
			continue
		}
		raw, ok := ops[strings.ToLower(method)]
		if !ok {
			return fmt.Errorf("no %s operation for %s", method, p)
		}
		var op struct {
			RequestBody struct {
				Content map[string]struct {
					Schema any `json:"schema"`
				} `json:"content"`
			} `json:"requestBody"`
		}
		if err := json.Unmarshal(raw, &op); err != nil {
			return err
		}
		js, ok := op.RequestBody.Content["application/json"]
		if !ok {
			return nil
		}
		return sp.check(js.Schema, body, "body", 0)
	}
	return nil // an operation the description does not have: nothing to check against
}

func sameShape(a, b string) bool {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	if len(as) != len(bs) {
		return false
	}
	for i := range as {
		pa, pb := strings.HasPrefix(as[i], "{"), strings.HasPrefix(bs[i], "{")
		if pa != pb || (!pa && as[i] != bs[i]) {
			return false
		}
	}
	return true
}

func (sp *spec) check(schema, v any, at string, depth int) error {
	if depth > 40 {
		return nil
	}
	sc, ok := schema.(map[string]any)
	if !ok {
		return nil
	}
	if ref, ok := sc["$ref"].(string); ok {
		return sp.check(sp.schemas[strings.TrimPrefix(ref, "#/components/schemas/")], v, at, depth+1)
	}
	for _, key := range []string{"oneOf", "anyOf"} {
		if alts, ok := sc[key].([]any); ok {
			var first error
			for _, alt := range alts {
				err := sp.check(alt, v, at, depth+1)
				if err == nil {
					first = nil
					goto matched
				}
				if first == nil {
					first = err
				}
			}
			return fmt.Errorf("%s matches none of the %d alternatives (first: %v)", at, len(alts), first)
		matched:
		}
	}
	if all, ok := sc["allOf"].([]any); ok {
		for _, s := range all {
			if err := sp.check(s, v, at, depth+1); err != nil {
				return err
			}
		}
	}
	if t, ok := sc["type"]; ok && !typeMatches(t, v) {
		return fmt.Errorf("%s is %s, want %v", at, jsonType(v), t)
	}
	if enum, ok := sc["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			found = found || fmt.Sprint(e) == fmt.Sprint(v)
		}
		if !found {
			return fmt.Errorf("%s = %v, want one of %v", at, v, enum)
		}
	}
	if c, ok := sc["const"]; ok && fmt.Sprint(c) != fmt.Sprint(v) {
		return fmt.Errorf("%s = %v, want %v", at, v, c)
	}
	switch x := v.(type) {
	case string:
		if m, ok := sc["maxLength"].(float64); ok && float64(len([]rune(x))) > m {
			return fmt.Errorf("%s has %d characters, maxLength %v", at, len([]rune(x)), m)
		}
		if m, ok := sc["minLength"].(float64); ok && float64(len([]rune(x))) < m {
			return fmt.Errorf("%s has %d characters, minLength %v", at, len([]rune(x)), m)
		}
	case float64:
		if m, ok := sc["maximum"].(float64); ok && x > m && !math.IsInf(m, 0) {
			return fmt.Errorf("%s = %v, maximum %v", at, x, m)
		}
		if m, ok := sc["minimum"].(float64); ok && x < m {
			return fmt.Errorf("%s = %v, minimum %v", at, x, m)
		}
	case []any:
		if m, ok := sc["maxItems"].(float64); ok && float64(len(x)) > m {
			return fmt.Errorf("%s has %d items, maxItems %v", at, len(x), m)
		}
		if m, ok := sc["minItems"].(float64); ok && float64(len(x)) < m {
			return fmt.Errorf("%s has %d items, minItems %v", at, len(x), m)
		}
		for i, e := range x {
			if err := sp.check(sc["items"], e, fmt.Sprintf("%s[%d]", at, i), depth+1); err != nil {
				return err
			}
		}
	case map[string]any:
		if req, ok := sc["required"].([]any); ok {
			for _, r := range req {
				if _, ok := x[r.(string)]; !ok {
					return fmt.Errorf("%s lacks required %q", at, r)
				}
			}
		}
		props, _ := sc["properties"].(map[string]any)
		for _, k := range sortedKeys(x) {
			ps, ok := props[k]
			if !ok {
				if sc["additionalProperties"] == false {
					return fmt.Errorf("%s has unknown property %q", at, k)
				}
				continue
			}
			if err := sp.check(ps, x[k], at+"."+k, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if x == math.Trunc(x) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	default:
		return "object"
	}
}

func typeMatches(t, v any) bool {
	var ts []string
	switch x := t.(type) {
	case string:
		ts = []string{x}
	case []any:
		for _, e := range x {
			s, _ := e.(string)
			ts = append(ts, s)
		}
	}
	got := jsonType(v)
	for _, want := range ts {
		if want == got || (want == "number" && got == "integer") {
			return true
		}
	}
	return false
}
