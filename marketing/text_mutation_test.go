package marketing_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy/marketing"
)

// TestNormalizeTextWords: text is read as lower-case words of letters,
// digits and combining marks, one space between words; anything else,
// bytes that are not UTF-8 among them, only separates words.
func TestNormalizeTextWords(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"digits are word characters, 9 included", "GitLab 19 and 9, or 0", "gitlab 19 and 9 or 0"},
		{"a lone continuation byte separates", "Duo\x80Pro", "duo pro"},
		{"a bad byte before a letter beyond ASCII", "Duo\xffÉté", "duo été"},
		{"a separator before the first word writes nothing", " élan", "élan"},
		{"a word beyond ASCII after an ASCII one", "GitLab für Teams", "gitlab für teams"},
		{"a letter beyond ASCII ends the text", "é", "é"},
		{"upper case beyond ASCII", "CAFÉ-ÉCOLE", "café école"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := marketing.NormalizeText(tt.in); got != tt.want {
				t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestNormalizeTextBlocks: blocks are separated by one newline and no
// space: a separator at the start of a block writes nothing.
func TestNormalizeTextBlocks(t *testing.T) {
	for _, tt := range []struct {
		blocks []string
		want   string
	}{
		{[]string{"GitLab", " élan"}, "gitlab\nélan\n"},
		{[]string{"GitLab", " Duo"}, "gitlab\nduo\n"},
		{[]string{"one", "", "  ", "two"}, "one\ntwo\n"},
	} {
		if got := marketing.NormalizeBlocks(tt.blocks...); got != tt.want {
			t.Errorf("blocks %q: %q, want %q", tt.blocks, got, tt.want)
		}
	}
}

// TestIndexWordsWholeWords: indexWords finds w in normalized text only as
// whole words (a space, a newline or an end on each side), at or after
// from; -1 when there is none.
func TestIndexWordsWholeWords(t *testing.T) {
	for _, tt := range []struct {
		s, w string
		from int
		want int
	}{
		{"gitlab duo", "duo", 0, 7},
		{"duo", "duo", 0, 0},               // the whole text
		{"gitlab duo", "gitlab duo", 0, 0}, // the whole text, two words
		{"gitlabduo", "duo", 0, -1},        // glued to the word before
		{"duos duo", "duo", 0, 5},          // the first is longer
		{"intro\nduo pro", "duo", 0, 6},    // after a newline
		{"a\nbduo", "duo", 0, -1},
		{"duo duo", "duo", 1, 4},
		{"gitlab duo", "duo", 8, -1},
		{"gitlab duo", "duo", 10, -1}, // from the end
		{"gitlab duo", "duo", 11, -1}, // from past the end
		{"gitlab duo", "", 0, -1},
	} {
		if got := marketing.IndexWords(tt.s, tt.w, tt.from); got != tt.want {
			t.Errorf("indexWords(%q, %q, %d) = %d, want %d", tt.s, tt.w, tt.from, got, tt.want)
		}
	}
}
