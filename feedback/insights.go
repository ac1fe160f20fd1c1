package feedback

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"kgrag/kg"
)

// Rating is an agent's (or customer's) verdict on one answer.
type Rating struct {
	AnswerID string    `json:"answerId"`
	Helpful  bool      `json:"helpful"`
	Comment  string    `json:"comment,omitempty"`
	Actor    string    `json:"actor"`
	At       time.Time `json:"at"`
}

// Rate records a rating; a second rating of the same answer by the same
// caller replaces the first.
func (s *Service) Rate(ctx context.Context, kb, actor, answerID string, helpful bool, comment string) (Rating, error) {
	if _, err := s.Store.Trace(ctx, kb, answerID); err != nil {
		return Rating{}, fmt.Errorf("answer %q: %w", answerID, err)
	}
	comment = strings.TrimSpace(comment)
	if len([]rune(comment)) > 2000 {
		return Rating{}, invalid("comment is %d characters long; the limit is 2000", len([]rune(comment)))
	}
	r := Rating{AnswerID: answerID, Helpful: helpful, Comment: comment, Actor: actor, At: s.now()}
	data, _ := json.Marshal(r)
	if _, err := s.Docs.PutDoc(ctx, kb, collRatings, ratingID(answerID, actor), data, kg.AnyVersion); err != nil {
		return Rating{}, fmt.Errorf("feedback: rate: %w", err)
	}
	return r, nil
}

// ratingID keys an actor's rating of an answer. Actors are key ids or user
// names that may hold characters a document id may not (an e-mail
// address) or be long; those are hashed, so a second rating still replaces
// the first.
func ratingID(answerID, actor string) string {
	id := answerID + "." + actor
	if kg.ValidID("rating", id) == nil {
		return id
	}
	h := sha256.Sum256([]byte(actor))
	id = answerID + ".h" + hex.EncodeToString(h[:12])
	if kg.ValidID("rating", id) != nil { // an answer id near the length limit
		h2 := sha256.Sum256([]byte(answerID + "\x00" + actor))
		id = "h" + hex.EncodeToString(h2[:20])
	}
	return id
}

// ratings returns the ratings by answer id.
func (s *Service) ratings(ctx context.Context, kb string) (map[string][]Rating, error) {
	out := map[string][]Rating{}
	after := ""
	for {
		docs, err := s.Docs.ListDocs(ctx, kb, collRatings, after, kg.MaxDocList)
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			after = d.ID
			var r Rating
			if json.Unmarshal(d.Data, &r) == nil {
				out[r.AnswerID] = append(out[r.AnswerID], r)
			}
		}
		if len(docs) < kg.MaxDocList {
			return out, nil
		}
	}
}

// maxScan bounds how many traces one report reads.
const maxScan = 50000

func (s *Service) scan(ctx context.Context, kb string, from, to time.Time, fn func(t *kg.Trace)) error {
	q := kg.TraceQuery{From: from, To: to, First: kg.MaxPage}
	n := 0
	for {
		p, err := s.Store.Traces(ctx, kb, q)
		if err != nil {
			return err
		}
		for i := range p.Traces {
			fn(&p.Traces[i])
			if n++; n >= maxScan {
				return nil
			}
		}
		if !p.HasNext {
			return nil
		}
		q.After = p.EndCursor
	}
}

// Gap is a group of similar questions the knowledge did not serve:
// refused, handed off or rated unhelpful.
type Gap struct {
	Count    int       `json:"count"`
	Examples []string  `json:"examples"`
	Entities []string  `json:"entities"`
	Reasons  []string  `json:"reasons"`
	Channels []string  `json:"channels"`
	LastSeen time.Time `json:"lastSeen"`
	terms    map[string]bool
}

// KnowledgeGaps groups the questions the knowledge did not serve in the
// window by similarity, largest group first, so trainers see what to add.
func (s *Service) KnowledgeGaps(ctx context.Context, kb string, from, to time.Time) ([]Gap, error) {
	rated, err := s.ratings(ctx, kb)
	if err != nil {
		return nil, err
	}
	var gaps []*Gap
	err = s.scan(ctx, kb, from, to, func(t *kg.Trace) {
		reason := ""
		switch {
		case t.Status == "REFUSED" && t.Reason != "INJECTION":
			reason = t.Reason
		case t.Status == "HANDOFF":
			reason = t.Reason
		default:
			for _, r := range rated[t.ID] {
				if !r.Helpful {
					reason = "RATED_UNHELPFUL"
				}
			}
		}
		if reason == "" {
			return
		}
		q := t.NormalizedQuestion
		if q == "" {
			q = strings.ToLower(t.Question)
		}
		ts := bigrams(stripFillers(q))
		var best *Gap
		bestSim := 0.0
		for _, g := range gaps {
			if sim := jaccard(ts, g.terms); sim > bestSim {
				best, bestSim = g, sim
			}
		}
		if best == nil || bestSim < 0.35 {
			best = &Gap{terms: ts}
			gaps = append(gaps, best)
		}
		best.Count++
		if len(best.Examples) < 3 && !slices.Contains(best.Examples, t.Question) {
			best.Examples = append(best.Examples, t.Question)
		}
		for _, e := range t.LinkedEntities {
			if !slices.Contains(best.Entities, e) {
				best.Entities = append(best.Entities, e)
			}
		}
		if !slices.Contains(best.Reasons, reason) {
			best.Reasons = append(best.Reasons, reason)
		}
		if t.Channel != "" && !slices.Contains(best.Channels, t.Channel) {
			best.Channels = append(best.Channels, t.Channel)
		}
		if t.CreatedAt.After(best.LastSeen) {
			best.LastSeen = t.CreatedAt
		}
	})
	if err != nil {
		return nil, fmt.Errorf("feedback: knowledge gaps: %w", err)
	}
	sort.SliceStable(gaps, func(i, j int) bool { return gaps[i].Count > gaps[j].Count })
	out := make([]Gap, len(gaps))
	for i, g := range gaps {
		out[i] = *g
	}
	return out, nil
}

// fillers are Chinese particles that change a question's wording, not its
// subject ("退货的运费谁来出吗" asks what "退货运费谁出" does); they are
// dropped before questions are compared, or short paraphrases would not group.
var fillers = strings.NewReplacer("的", "", "了", "", "吗", "", "呢", "", "啊", "", "吧", "", "呀", "", "么", "", "哦", "", "嘛", "",
	"请问", "", "一下", "", "来", "")

func stripFillers(s string) string { return fillers.Replace(s) }

func bigrams(s string) map[string]bool {
	out := map[string]bool{}
	var run []rune
	flush := func() {
		for i := 0; i+1 < len(run); i++ {
			out[string(run[i:i+2])] = true
		}
		if len(run) == 1 {
			out[string(run)] = true
		}
		run = run[:0]
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			run = append(run, r)
		} else {
			flush()
		}
	}
	flush()
	return out
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := 0
	for k := range a {
		if b[k] {
			n++
		}
	}
	return float64(n) / float64(len(a)+len(b)-n)
}

// Count is a name with a count.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// ChannelStats are the outcomes of one channel's questions.
type ChannelStats struct {
	Channel     string  `json:"channel"`
	Questions   int     `json:"questions"`
	Refused     int     `json:"refused"`
	Handoffs    int     `json:"handoffs"`
	RefusalRate float64 `json:"refusalRate"`
	HandoffRate float64 `json:"handoffRate"`
}

// SentimentPoint is one week of one entity's questions.
type SentimentPoint struct {
	Week     time.Time `json:"week"`
	Total    int       `json:"total"`
	Negative int       `json:"negative"`
}

// EntitySentiment is an entity's sentiment trend, week by week.
type EntitySentiment struct {
	EntityID string           `json:"entityId"`
	Total    int              `json:"total"`
	Negative int              `json:"negative"`
	Rising   bool             `json:"rising"` // the last week's negative share exceeds the average
	Weeks    []SentimentPoint `json:"weeks"`
}

// Insights are what a brand learns from its customers' questions.
type Insights struct {
	Questions   int               `json:"questions"`
	TopEntities []Count           `json:"topEntities"`
	TopIntents  []Count           `json:"topIntents"`
	Channels    []ChannelStats    `json:"channels"`
	Sentiment   []EntitySentiment `json:"sentiment"`
}

// Insights reports the window's most-asked entities and intents, refusal
// and handoff rates by channel, and the sentiment trend per product.
func (s *Service) Insights(ctx context.Context, kb string, from, to time.Time) (Insights, error) {
	var in Insights
	ents, intents := map[string]int{}, map[string]int{}
	chans := map[string]*ChannelStats{}
	sent := map[string]map[time.Time]*SentimentPoint{}
	err := s.scan(ctx, kb, from, to, func(t *kg.Trace) {
		in.Questions++
		for _, e := range t.LinkedEntities {
			ents[e]++
		}
		if t.Intent != "" {
			intents[t.Intent]++
		}
		ch := t.Channel
		if ch == "" {
			ch = "unknown"
		}
		cs := chans[ch]
		if cs == nil {
			cs = &ChannelStats{Channel: ch}
			chans[ch] = cs
		}
		cs.Questions++
		switch t.Status {
		case "REFUSED":
			cs.Refused++
		case "HANDOFF":
			cs.Handoffs++
		}
		week := weekStart(t.CreatedAt)
		for _, e := range t.LinkedEntities {
			if sent[e] == nil {
				sent[e] = map[time.Time]*SentimentPoint{}
			}
			p := sent[e][week]
			if p == nil {
				p = &SentimentPoint{Week: week}
				sent[e][week] = p
			}
			p.Total++
			if t.Sentiment == "negative" || t.Sentiment == "angry" {
				p.Negative++
			}
		}
	})
	if err != nil {
		return Insights{}, fmt.Errorf("feedback: insights: %w", err)
	}
	in.TopEntities = top(ents, 20)
	in.TopIntents = top(intents, 20)
	for _, cs := range chans {
		cs.RefusalRate = rate(cs.Refused, cs.Questions)
		cs.HandoffRate = rate(cs.Handoffs, cs.Questions)
		in.Channels = append(in.Channels, *cs)
	}
	sort.Slice(in.Channels, func(i, j int) bool { return in.Channels[i].Questions > in.Channels[j].Questions })
	for id, weeks := range sent {
		es := EntitySentiment{EntityID: id}
		for _, p := range weeks {
			es.Weeks = append(es.Weeks, *p)
			es.Total += p.Total
			es.Negative += p.Negative
		}
		sort.Slice(es.Weeks, func(i, j int) bool { return es.Weeks[i].Week.Before(es.Weeks[j].Week) })
		if n := len(es.Weeks); n >= 2 && es.Negative > 0 {
			last := es.Weeks[n-1]
			es.Rising = rate(last.Negative, last.Total) > rate(es.Negative, es.Total)
		}
		in.Sentiment = append(in.Sentiment, es)
	}
	sort.Slice(in.Sentiment, func(i, j int) bool {
		if in.Sentiment[i].Negative != in.Sentiment[j].Negative {
			return in.Sentiment[i].Negative > in.Sentiment[j].Negative
		}
		return in.Sentiment[i].EntityID < in.Sentiment[j].EntityID
	})
	if len(in.Sentiment) > 50 {
		in.Sentiment = in.Sentiment[:50]
	}
	return in, nil
}

func weekStart(t time.Time) time.Time {
	t = t.UTC().Truncate(24 * time.Hour)
	return t.AddDate(0, 0, -int((t.Weekday()+6)%7))
}

func rate(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(int(float64(a)/float64(b)*10000+0.5)) / 10000
}

func top(m map[string]int, n int) []Count {
	out := make([]Count, 0, len(m))
	for k, v := range m {
		out = append(out, Count{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}
