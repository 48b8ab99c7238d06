package main

import (
	"slices"
	"testing"
)

// Each rule of the package comment, on synthetic lines.
func TestFold(t *testing.T) {
	ts := "# header\n寶\t宝\n乾\t干 乾\n後\t后\n隆\t隆\n𡨚\t宝\n"
	got := Fold(ts, map[rune]bool{'乾': true})
	// 乾 is written by the simplified dictionary; 隆 folds to itself; 𡨚 is four bytes, 宝 three.
	if want := []string{"寶\t宝", "後\t后"}; !slices.Equal(got, want) {
		t.Errorf("Fold = %q, want %q", got, want)
	}
}

func TestReadings(t *testing.T) {
	unihan := "U+884C\tkHanyuPinlu\txíng(2943) háng(218)\nU+884C\tkMandarin\txíng\nU+884C\tkTGHZ2013\t131.140:háng\n" +
		"U+66FE\tkMandarin\tcéng\nU+66FE\tkXHC1983\t0112.040:céng 1439.010:zēng\nU+66FE\tkTGHZ2013\t1:céng\n" +
		"U+5415\tkMandarin\tlǚ\nU+5415\tkTGHZ2013\t1:lǚ\nU+4E02\tkMandarin\tkǎo\n" // 丂 is not a general standard character
	want := []string{"吕\tlu", "曾\tceng zeng", "行\txing hang"}
	if got := Readings(unihan); !slices.Equal(got, want) {
		t.Errorf("Readings = %q, want %q", got, want)
	}
}
