// Package evaluate measures answer quality on a question set in the format
// of ../shared/eval/dev (qa.jsonl with answer keys, eval.json,
// corrections.jsonl): fully correct answers, refusal recall and precision,
// false refusals, source recall, evidence recall and size, and latency,
// overall, by question type and by language.
// It also reads the public datasets of ../shared/datasets (Banking77,
// CLINC150, KdConv) whose evaluations share the report: top-1/top-3
// accuracy and gold-evidence recall join the summary there.
package evaluate

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"kgrag/kg"
)

// Question is one line of qa.jsonl.
type Question struct {
	ID             string   `json:"id"`
	Question       string   `json:"question"`
	Lang           string   `json:"lang"`
	Channel        *string  `json:"channel"`
	AsOf           *string  `json:"as_of"`
	Type           string   `json:"type"`
	MustInclude    []string `json:"must_include"`
	MustNotInclude []string `json:"must_not_include"`
	Sources        []string `json:"sources"`
	Refuse         bool     `json:"refuse"`
	Note           string   `json:"note"`
}

// Correction is one line of corrections.jsonl.
type Correction struct {
	ID       string   `json:"id"`
	Target   string   `json:"target"` // product:LJ-1002, policy:lj-invoice, faq:F001
	Field    string   `json:"field"`  // price_cny, an attribute key, or text
	Old      string   `json:"old"`
	New      string   `json:"new"`
	Reason   string   `json:"reason"`
	Question Question `json:"question"`
}

// Set is a question set.
type Set struct {
	Dir         string
	Name        string
	DefaultAsOf time.Time
	Questions   []Question
	Corrections []Correction
}

// Load reads DIR/eval.json, DIR/qa.jsonl and, if present, DIR/corrections.jsonl.
func Load(dir string) (*Set, error) {
	s := &Set{Dir: dir}
	var meta struct {
		DefaultAsOf string `json:"default_as_of"`
		Name        string `json:"name"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "eval.json"))
	if err != nil {
		return nil, fmt.Errorf("evaluate: %w", err)
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return nil, fmt.Errorf("evaluate: eval.json: %w", err)
	}
	s.Name = meta.Name
	if s.DefaultAsOf, err = time.Parse(time.DateOnly, meta.DefaultAsOf); err != nil {
		return nil, fmt.Errorf("evaluate: eval.json: default_as_of %q: want YYYY-MM-DD", meta.DefaultAsOf)
	}
	if err := readJSONL(filepath.Join(dir, "qa.jsonl"), &s.Questions); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, "corrections.jsonl")); err == nil {
		if err := readJSONL(filepath.Join(dir, "corrections.jsonl"), &s.Corrections); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func readJSONL[T any](path string, out *[]T) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("evaluate: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var v T
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			return fmt.Errorf("evaluate: %s:%d: %v", path, n, err)
		}
		*out = append(*out, v)
	}
	return sc.Err()
}

// AsOf is the instant the question is asked at: its as_of date, else the
// set's default (never today, so results do not drift with the calendar).
func (s *Set) AsOf(q Question) (time.Time, error) {
	if q.AsOf == nil || *q.AsOf == "" {
		return s.DefaultAsOf, nil
	}
	t, err := time.Parse(time.DateOnly, *q.AsOf)
	if err != nil {
		return time.Time{}, fmt.Errorf("question %s: as_of %q: want YYYY-MM-DD", q.ID, *q.AsOf)
	}
	return t, nil
}

// Channel of the question ("" when the customer did not say).
func (q Question) ChannelCode() string {
	if q.Channel == nil {
		return ""
	}
	return *q.Channel
}

// Result is one question's outcome.
type Result struct {
	ID           string        `json:"id"`
	Type         string        `json:"type"`
	Lang         string        `json:"lang,omitempty"`
	Question     string        `json:"question"`
	Answer       string        `json:"answer"`
	Status       string        `json:"status"`
	Reason       string        `json:"reason,omitempty"`
	Citations    []kg.Citation `json:"citations,omitempty"`
	CitedSources []string      `json:"cited_sources,omitempty"`
	Verdict      string        `json:"verdict"` // correct, wrong, refused, false_refusal, missed_refusal, error
	Missing      []string      `json:"missing,omitempty"`
	Forbidden    []string      `json:"forbidden,omitempty"`
	SourceRecall *float64      `json:"source_recall,omitempty"`
	LatencyMS    float64       `json:"latency_ms"`
	Refuse       bool          `json:"refuse"`
	Error        string        `json:"error,omitempty"`
	// Trace is the answer's trace; Judge reads the evidence from it.
	Trace *kg.Trace      `json:"-"`
	Extra map[string]any `json:"extra,omitempty"`
	// GoldInEvidence says whether the answer key reached the evidence
	// handed to the composer or the LLM (the trace's evidence): every
	// must_include of an answerable question, or in the public datasets the
	// gold fact. Nil when not scored (refusal questions, no trace).
	// EvidenceMissing lists the must_include keys the evidence lacks.
	GoldInEvidence  *bool    `json:"gold_in_evidence,omitempty"`
	EvidenceMissing []string `json:"evidence_missing,omitempty"`
	// EvidencePieces and EvidenceChars are the size of that evidence:
	// pieces, and characters of their text. Nil without a trace.
	EvidencePieces *int `json:"evidence_pieces,omitempty"`
	EvidenceChars  *int `json:"evidence_chars,omitempty"`
	// Public-dataset modes only. Gold is the expected entry or fact;
	// Rank is its 1-based rank among the retrieved entries (0: not
	// retrieved), nil when the question is not scored by rank.
	Gold string `json:"gold,omitempty"`
	Rank *int   `json:"rank,omitempty"`
}

// Refused reports whether the answer declined (refused or handed off).
func (r *Result) Refused() bool { return r.Status == "REFUSED" || r.Status == "HANDOFF" }

// Judge fills in the verdict of a result for its question and, when the
// result has its trace, the evidence's recall of the answer key and size.
func Judge(q Question, r *Result, year int) {
	r.ID, r.Type, r.Lang, r.Question, r.Refuse = q.ID, q.Type, q.Lang, q.Question, q.Refuse
	if r.Trace != nil {
		MeasureEvidence(r, r.Trace.Evidence)
	}
	if !q.Refuse && len(q.MustInclude) > 0 && (r.Trace != nil || r.Error != "") {
		var ev []kg.Evidence
		if r.Trace != nil {
			ev = r.Trace.Evidence
		}
		r.EvidenceMissing = MissingFromEvidence(q.MustInclude, ev, year)
		in := len(r.EvidenceMissing) == 0 && r.Error == ""
		r.GoldInEvidence = &in
	}
	ans := NormalizeAnswer(r.Answer, year)
	for _, m := range q.MustInclude {
		if !strings.Contains(ans, NormalizeAnswer(m, year)) {
			r.Missing = append(r.Missing, m)
		}
	}
	for _, m := range q.MustNotInclude {
		if strings.Contains(ans, NormalizeAnswer(m, year)) {
			r.Forbidden = append(r.Forbidden, m)
		}
	}
	if len(q.Sources) > 0 {
		found := 0
		for _, s := range q.Sources {
			if slices.Contains(r.CitedSources, sourceID(s)) {
				found++
			}
		}
		v := float64(found) / float64(len(q.Sources))
		r.SourceRecall = &v
	}
	switch {
	case r.Error != "":
		r.Verdict = "error"
	case q.Refuse && r.Refused() && len(r.Forbidden) == 0:
		r.Verdict = "refused"
	case q.Refuse:
		r.Verdict = "missed_refusal"
	case r.Refused():
		r.Verdict = "false_refusal"
	case len(r.Missing) == 0 && len(r.Forbidden) == 0:
		r.Verdict = "correct"
	default:
		r.Verdict = "wrong"
	}
}

// MissingFromEvidence lists the keys that the evidence's texts, normalised
// as answers are (NormalizeAnswer), do not contain. Each piece is
// normalised on its own, so no key is found across two pieces.
func MissingFromEvidence(keys []string, ev []kg.Evidence, year int) []string {
	texts := make([]string, len(ev))
	for i, e := range ev {
		texts[i] = NormalizeAnswer(e.Text, year)
	}
	all := strings.Join(texts, "\x00")
	var out []string
	for _, k := range keys {
		if !strings.Contains(all, NormalizeAnswer(k, year)) {
			out = append(out, k)
		}
	}
	return out
}

// MeasureEvidence records the size of the evidence handed to the composer
// or the LLM: pieces and characters of their text.
func MeasureEvidence(r *Result, ev []kg.Evidence) {
	n, chars := len(ev), 0
	for _, e := range ev {
		chars += utf8.RuneCountInString(e.Text)
	}
	r.EvidencePieces, r.EvidenceChars = &n, &chars
}

// sourceID turns "product:LJ-1001" into the entity id "LJ-1001".
func sourceID(s string) string {
	if _, id, ok := strings.Cut(s, ":"); ok {
		return id
	}
	return s
}

// CitedSources lists the entity ids an answer's citations rest on: the
// entity of a fact, and the entities a cited chunk belongs to.
func CitedSources(tr *kg.Trace, cits []kg.Citation) []string {
	var out []string
	add := func(id string) {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	for _, c := range cits {
		add(c.EntityID)
		if c.Kind == "fact" {
			add(c.ID)
		}
		if tr != nil {
			for _, e := range tr.Evidence {
				if e.Marker == c.Marker {
					for _, id := range e.Entities {
						add(id)
					}
				}
			}
		}
	}
	return out
}

var (
	spaceRE   = regexp.MustCompile(`\s+`)
	fullDate  = regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]`)
	shortDate = regexp.MustCompile(`(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]`)
	dashDate  = regexp.MustCompile(`(\d{4})-(\d{1,2})-(\d{1,2})`)
)

// NormalizeAnswer applies the answer-key conventions: no spaces, full-width
// to half-width, lower case, dates as YYYY-MM-DD (year defaults to year).
func NormalizeAnswer(s string, year int) string {
	s = norm.NFKC.String(s)
	s = strings.ToLower(s)
	s = fullDate.ReplaceAllStringFunc(s, func(m string) string {
		p := fullDate.FindStringSubmatch(m)
		return date(p[1], p[2], p[3])
	})
	s = shortDate.ReplaceAllStringFunc(s, func(m string) string {
		p := shortDate.FindStringSubmatch(m)
		return date(strconv.Itoa(year), p[1], p[2])
	})
	s = dashDate.ReplaceAllStringFunc(s, func(m string) string {
		p := dashDate.FindStringSubmatch(m)
		return date(p[1], p[2], p[3])
	})
	return spaceRE.ReplaceAllString(s, "")
}

func date(y, m, d string) string {
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	return fmt.Sprintf("%s-%02d-%02d", y, mi, di)
}

// Summary is the table row of a group of questions. Rates are fractions 0..1.
type Summary struct {
	Questions          int     `json:"questions"`
	Answerable         int     `json:"answerable"`
	FullyCorrect       float64 `json:"fully_correct"` // of answerable questions
	RefusalQuestions   int     `json:"refusal_questions"`
	RefusalRecall      float64 `json:"refusal_recall"`
	RefusalPrecision   float64 `json:"refusal_precision"`
	FalseRefusalRate   float64 `json:"false_refusal_rate"`
	SourceRecall       float64 `json:"source_recall"`
	SourceQuestions    int     `json:"source_questions,omitempty"` // answerable questions with expected sources
	CorrectionsApplied int     `json:"corrections_applied"`
	Errors             int     `json:"errors"`
	P50MS              float64 `json:"p50_ms"`
	P95MS              float64 `json:"p95_ms"`
	// EvidenceRecall is the share of the answerable questions scored for
	// it whose answer key reached the evidence (Result.GoldInEvidence);
	// EvidenceQuestions is how many were scored. EvidencePieces and
	// EvidenceChars are the mean size of the evidence of the answerable
	// questions with a trace. Absent when not measured.
	EvidenceRecall    *float64 `json:"evidence_recall,omitempty"`
	EvidenceQuestions int      `json:"evidence_questions,omitempty"`
	EvidencePieces    *float64 `json:"evidence_pieces_mean,omitempty"`
	EvidenceChars     *float64 `json:"evidence_chars_mean,omitempty"`
	// Public-dataset modes only (absent from the dev-set report): top-1 and
	// top-3 accuracy of the questions scored by rank.
	Top1 *float64 `json:"top1_accuracy,omitempty"`
	Top3 *float64 `json:"top3_accuracy,omitempty"`
}

// Report is the whole evaluation.
type Report struct {
	Name      string             `json:"name"`
	Summary   Summary            `json:"summary"`
	ByType    map[string]Summary `json:"by_type"`
	ByLang    map[string]Summary `json:"by_lang,omitempty"` // zh, en: when the questions say
	Questions []Result           `json:"questions"`
	Notes     []string           `json:"notes,omitempty"`
}

// Summarize computes a summary of results.
func Summarize(rs []Result) Summary {
	var s Summary
	var lat []float64
	correct, refusedRefusals, refusedAll, falseRef := 0, 0, 0, 0
	srcSum, srcN := 0.0, 0
	ranked, top1, top3, evN, evHit := 0, 0, 0, 0, 0
	sized, pieces, chars := 0, 0, 0
	for i := range rs {
		r := &rs[i]
		s.Questions++
		if r.Rank != nil {
			ranked++
			if *r.Rank == 1 {
				top1++
			}
			if *r.Rank >= 1 && *r.Rank <= 3 {
				top3++
			}
		}
		if r.GoldInEvidence != nil && !r.Refuse {
			evN++
			if *r.GoldInEvidence {
				evHit++
			}
		}
		if r.EvidencePieces != nil && r.EvidenceChars != nil && !r.Refuse {
			sized++
			pieces += *r.EvidencePieces
			chars += *r.EvidenceChars
		}
		lat = append(lat, r.LatencyMS)
		if r.Verdict == "error" {
			s.Errors++
		}
		if r.Refused() {
			refusedAll++
		}
		if r.Refuse {
			s.RefusalQuestions++
			if r.Verdict == "refused" {
				refusedRefusals++
			}
			continue
		}
		s.Answerable++
		if r.Verdict == "correct" {
			correct++
		}
		if r.Verdict == "false_refusal" {
			falseRef++
		}
		if r.SourceRecall != nil {
			srcSum += *r.SourceRecall
			srcN++
		}
	}
	s.FullyCorrect = ratio(correct, s.Answerable)
	s.FalseRefusalRate = ratio(falseRef, s.Answerable)
	s.RefusalRecall = ratio(refusedRefusals, s.RefusalQuestions)
	s.RefusalPrecision = ratio(refusedRefusals, refusedAll)
	if srcN > 0 {
		s.SourceRecall = round(srcSum / float64(srcN))
	}
	s.SourceQuestions = srcN
	if ranked > 0 {
		s.Top1, s.Top3 = ptr(ratio(top1, ranked)), ptr(ratio(top3, ranked))
	}
	if evN > 0 {
		s.EvidenceRecall, s.EvidenceQuestions = ptr(ratio(evHit, evN)), evN
	}
	if sized > 0 {
		s.EvidencePieces = ptr(round(float64(pieces) / float64(sized)))
		s.EvidenceChars = ptr(round(float64(chars) / float64(sized)))
	}
	sort.Float64s(lat)
	s.P50MS, s.P95MS = percentile(lat, 0.50), percentile(lat, 0.95)
	return s
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return round(float64(a) / float64(b))
}

func ptr[T any](v T) *T { return &v }

func round(f float64) float64 { return float64(int(f*10000+0.5)) / 10000 }

func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted)-1) + 0.5)
	return float64(int(sorted[i]*100+0.5)) / 100
}

// NewReport groups results by question type and by language.
func NewReport(name string, rs []Result) Report {
	rep := Report{Name: name, Summary: Summarize(rs), ByType: map[string]Summary{}, Questions: rs}
	byType, byLang := map[string][]Result{}, map[string][]Result{}
	for _, r := range rs {
		byType[r.Type] = append(byType[r.Type], r)
		if r.Lang != "" {
			byLang[r.Lang] = append(byLang[r.Lang], r)
		}
	}
	for t, g := range byType {
		rep.ByType[t] = Summarize(g)
	}
	if len(byLang) > 0 {
		rep.ByLang = map[string]Summary{}
		for l, g := range byLang {
			rep.ByLang[l] = Summarize(g)
		}
	}
	return rep
}

// Table renders the report as text: a table by question type with the
// overall row, then one by language when the questions say theirs.
func (r *Report) Table() string {
	var b strings.Builder
	cols := tableColumns{
		ranked:   r.Summary.Top1 != nil,
		evidence: r.Summary.EvidenceRecall != nil || r.Summary.EvidencePieces != nil,
		width:    12,
	}
	for t := range r.ByType {
		cols.width = max(cols.width, displayWidth(t))
	}
	cols.write(&b, "type", r.ByType, &r.Summary)
	if len(r.ByLang) > 0 {
		cols.write(&b, "lang", r.ByLang, nil)
	}
	if r.Summary.CorrectionsApplied > 0 || slices.ContainsFunc(r.Notes, func(n string) bool { return strings.HasPrefix(n, "correction") }) {
		fmt.Fprintf(&b, "corrections applied: %d\n", r.Summary.CorrectionsApplied)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	return b.String()
}

// tableColumns are the columns every table of a report shares.
type tableColumns struct {
	ranked, evidence bool // top1/top3; ev.rec, ev.n, ev.chars
	width            int  // of the first column
}

// write renders one table: a header, a row per group in name order and,
// when overall is not nil, the overall row.
func (c tableColumns) write(b *strings.Builder, label string, groups map[string]Summary, overall *Summary) {
	fmt.Fprintf(b, "%-*s %5s %8s %8s %8s %8s %8s", c.width, label, "n", "correct", "ref.rec", "ref.prec", "false.ref", "src.rec")
	if c.ranked {
		fmt.Fprintf(b, " %8s %8s", "top1", "top3")
	}
	if c.evidence {
		fmt.Fprintf(b, " %8s %6s %8s", "ev.rec", "ev.n", "ev.chars")
	}
	fmt.Fprintf(b, " %8s %8s\n", "p50ms", "p95ms")
	row := func(name string, s Summary) {
		// Pad by display width: type names may be Chinese (KdConv relations).
		fmt.Fprintf(b, "%s%s %5d %8s %8s %8s %8s %8s", name, strings.Repeat(" ", max(0, c.width-displayWidth(name))), s.Questions,
			pct(s.FullyCorrect, s.Answerable), pct(s.RefusalRecall, s.RefusalQuestions), pct(s.RefusalPrecision, s.RefusalQuestions),
			pct(s.FalseRefusalRate, s.Answerable), pct(s.SourceRecall, s.SourceQuestions))
		if c.ranked {
			fmt.Fprintf(b, " %8s %8s", pctp(s.Top1), pctp(s.Top3))
		}
		if c.evidence {
			fmt.Fprintf(b, " %8s %6s %8s", pctp(s.EvidenceRecall), num(s.EvidencePieces, 1), num(s.EvidenceChars, 0))
		}
		fmt.Fprintf(b, " %8.1f %8.1f\n", s.P50MS, s.P95MS)
	}
	names := make([]string, 0, len(groups))
	for n := range groups {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		row(n, groups[n])
	}
	if overall != nil {
		row("overall", *overall)
	}
}

// displayWidth counts CJK characters as two columns, as terminals show them.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hangul, unicode.Hiragana, unicode.Katakana) || (r >= 0xFF01 && r <= 0xFF60) {
			n++
		}
	}
	return n
}

func pctp(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", *v*100)
}

func num(v *float64, decimals int) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(*v, 'f', decimals, 64)
}

func pct(v float64, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", v*100)
}
