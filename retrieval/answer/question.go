// Package answer is kgrag's answering engine. A question is one value (a
// turn) that passes through stages, each in its own file:
//
//   - understand.go: normalise, classify (injection, complaint, handoff,
//     greeting) and plan: the operation (look up, compare, rank, filter,
//     list, sum), the measures and customer-service concepts asked, and
//     numeric conditions; language-level knowledge only.
//   - link.go: the entities the question names (or an earlier turn named),
//     a category member it describes, codes its names carry, and the
//     attributes it asks by the knowledge base's own keys and trainers'
//     synonyms (the lexicon).
//   - gather.go, aggregate.go: graph facts valid at the as-of date: the
//     asked attributes, variants, relation hops, replacements, catalog
//     questions; search.go: chunk search, corrections, withheld instructions.
//   - select.go: the evidence put before the composer or the model.
//   - compose.go (extractive) or llm.go (an OpenAI-compatible model through
//     retrieval/openaichat): the answer, every sentence with its marker.
//   - verify.go: every sentence checked against the evidence it cites.
//   - decide.go: answer, refuse (what the question names is unknown, the
//     evidence does not cover it) or hand off.
//   - trace.go: citations, confidence and stage latencies for the trace,
//     which carries the plan and why each choice was made.
package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"kgrag/retrieval/guard"
)

// MaxQuestionRunes bounds a question.
const MaxQuestionRunes = 1000

// toSimplified converts traditional Chinese to simplified with OpenCC
// (one converter, shared with the guard).
func toSimplified(s string) string { return guard.ToSimplified(s) }

// Normalize folds a question for matching: without invisible characters
// (zero-width spaces and joiners, other format and control characters),
// NFKC (full-width to half-width), traditional to simplified Chinese,
// lower case, collapsed spaces.
func Normalize(q string) string {
	q = norm.NFKC.String(guard.StripInvisible(q))
	q = toSimplified(q)
	q = strings.ToLower(q)
	return strings.Join(strings.Fields(q), " ")
}

// DetectLanguage says "zh" when the text has Han characters in a
// meaningful share, else "en".
func DetectLanguage(s string) string {
	han, letters := 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.IsLetter(r):
			letters++
		}
	}
	// A Han character carries about as much as a short English word.
	if han > 0 && han*2 > letters {
		return "zh"
	}
	if han == 0 && letters == 0 {
		return "zh"
	}
	return "en"
}

// fold is the matching form of names and text: NFKC (full-width to
// half-width), lower case, without spaces and punctuation that names vary
// in. Unlike Normalize it does not convert traditional Chinese: it runs on
// every piece of evidence, which ingest stored as written, and questions
// reach it already normalised.
func fold(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '·' || r == '-' || r == '_' || r == '(' || r == ')' || r == '（' || r == '）' || r == '"' || r == '\'' || r == '“' || r == '”' || r == '《' || r == '》':
			return -1
		}
		return r
	}, s)
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// spaced is NFKC and lower case, keeping spaces between words.
func spaced(s string) string { return strings.ToLower(norm.NFKC.String(s)) }

// Warm loads the word segmenter's dictionary and the OpenCC tables (about
// a second and 200 MB), so the first customer does not wait for them.
func Warm() {
	segOnce.Do(loadSegmenter)
	_ = toSimplified("預熱")
}
