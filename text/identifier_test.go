package text

import (
	"strings"
	"testing"
)

func TestHoldsIdentifier(t *testing.T) {
	for s, want := range map[string]bool{
		"Set `server.base_url` to the exact public URL.":                       true,
		"LUMEN_DATABASE_DRIVER: postgres":                                      true,
		"Run the check again with --read-data to read every pack.":             true,
		"Lumen looks for it at /etc/lumen/lumen.yml first.":                    true,
		"Type \\\\files.tarsis.edu\\home in the address bar.":                  true,
		"In the Domain field, enter radius.tarsis.edu.":                        true,
		"Copy lumen.yml next to the compose file.":                             true,
		"Write to help@tarsis.edu for anything else.":                          true,
		"Douyin's GMV was over 3.5 trillion yuan in 2024, e.g. in live rooms.": false,
		"The desk is open 24/7 and/or by appointment.":                         false,
		"Type your student number and your date of birth.":                     false,
		"El microcomercio se refiere a un modelo de comercio.":                 false,
	} {
		if got := HoldsIdentifier(s); got != want {
			t.Errorf("HoldsIdentifier(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestAskedIdentifier(t *testing.T) {
	for q, want := range map[string]bool{
		"What environment variable sets the public URL of my server?":                true,
		"Which burrow backup flag sets the zstd compression level?":                  true,
		"My Android phone says \"Domain required\". What do I type?":                 true,
		"The VPN is connected but the H: drive won't open. What path should I type?": true,
		"¿Qué cabecera tiene que enviar el proxy?":                                   true,
		"¿Qué escribo en el campo del portal?":                                       true,
		"管理员密码忘了，用什么命令重置？":                                                           true,
		"连接 eduroam 时用户名应该填什么？":                                                      true,
		"What options do members have for paying?":                                   false,
		"What argument does the author make about Pinduoduo?":                        false,
		"¿Qué ruta lleva al museo desde la estación?":                                false,
		"What key factors drove Douyin's growth?":                                    false,
		"How do I type a capital letter on the kiosk?":                               false,
	} {
		low := strings.ToLower(q)
		if got := AskedIdentifier(low, Words(low)); got != want {
			t.Errorf("AskedIdentifier(%q) = %v, want %v", q, got, want)
		}
	}
	for w, want := range map[string]bool{"variable": true, "comando": true, "命令": true, "parámetro": true, "option": false, "path": false} {
		if got := IdentifierWord(w); got != want {
			t.Errorf("IdentifierWord(%q) = %v, want %v", w, got, want)
		}
	}
}
