package marketing

// NormalizeText is normalize: s as the audit reads text, on one line.
func NormalizeText(s string) string { return normalize(s) }

// NormalizeBlocks writes each of blocks into one text buffer and ends a
// block after each, as the page scan does for block elements.
func NormalizeBlocks(blocks ...string) string {
	var t textBuf
	for _, b := range blocks {
		t.add([]byte(b))
		t.block()
	}
	return string(t.b)
}

// IndexWords is indexWords over strings.
func IndexWords(s, w string, from int) int { return indexWords([]byte(s), []byte(w), from) }

// TextSimilarity is the paragraph similarity of an already normalized
// text (blocks separated by newlines) under p's paragraphs and threshold.
func TextSimilarity(p Policy, text string) (int, error) {
	rd, err := p.checked()
	if err != nil {
		return 0, err
	}
	return rd.similarity([]byte(text), p.LandingPage.ParagraphSimilarity, new(scratch)), nil
}
