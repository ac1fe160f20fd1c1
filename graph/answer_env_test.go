package graph_test

import (
	"context"
	"encoding/json"
	"testing"

	"kgrag/graph"
	"kgrag/ingest"
	"kgrag/kg"
	"kgrag/retrieval/answer"
)

// answerKB is a small brand knowledge base: products with a refill, the
// returns policy in its 2024 and 2025 versions, a Douyin-only policy,
// shipping and an FAQ.
var answerKB = map[string]string{
	"products.jsonl": `{"id": "LJ-1001", "name": "澜肌水光玻尿酸精华液", "name_en": "LANJI Hydra Hyaluronic Acid Serum", "category": "精华", "price_cny": 259, "channels": ["tmall", "douyin", "xiaohongshu", "wechat", "web"], "attributes": {"净含量": "30ml", "系列": "水光系列"}, "related": []}
{"id": "LJ-1041", "name": "澜肌水光玻尿酸精华液替换装", "name_en": "LANJI Hydra Hyaluronic Acid Serum Refill", "category": "替换装", "price_cny": 209, "channels": ["tmall", "wechat", "web"], "attributes": {"净含量": "30ml", "系列": "水光系列"}, "related": [{"type": "refill_of", "id": "LJ-1001"}]}
{"id": "LJ-1011", "name": "澜肌积雪草修护霜", "name_en": "LANJI Cica Repair Cream", "category": "面霜", "price_cny": 269, "channels": ["tmall", "douyin", "wechat", "web"], "attributes": {"净含量": "50g", "系列": "积雪草修护系列"}, "related": []}
{"id": "LJ-1012", "name": "澜肌A醇紧致晚霜", "name_en": "LANJI Retinol Firming Night Cream", "category": "面霜", "price_cny": 459, "channels": ["tmall", "douyin", "wechat", "web"], "attributes": {"净含量": "50g", "系列": "A醇抗老系列"}, "related": []}
{"id": "LJ-1013", "name": "澜肌A醇紧致晚霜替换装", "name_en": "LANJI Retinol Firming Night Cream Refill", "category": "替换装", "price_cny": 379, "channels": ["tmall", "douyin", "web"], "attributes": {"净含量": "50g", "系列": "A醇抗老系列"}, "related": [{"type": "refill_of", "id": "LJ-1012"}]}
`,
	"policies/lj-returns-2024.md":     "---\nid: lj-returns-2024\ntitle: 退换货政策（2024版）\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: 2025-06-30\n---\n# 退换货政策（2024版）\n\n## 一、7天无理由退货\n\n自签收次日起7天内可申请无理由退货；已拆封的护肤品（含替换装）不支持无理由退货。\n\n## 二、退款时效\n\n仓库签收退货并验货通过后，7个工作日内按原支付方式退款。\n",
	"policies/lj-returns-2025.md":     "---\nid: lj-returns-2025\ntitle: 退换货政策（2025版）\nchannels: all\napplies_to: all\neffective_from: 2025-07-01\nsupersedes: lj-returns-2024\n---\n# 退换货政策（2025版）\n\n## 一、7天无理由退货\n\n自签收次日起7天内可申请无理由退货；已拆封的护肤品（含替换装）不支持无理由退货。\n\n## 二、退款时效\n\n仓库签收退货并验货通过后，3个工作日内按原支付方式退款。\n",
	"policies/lj-douyin-aftersale.md": "---\nid: lj-douyin-aftersale\ntitle: 抖音渠道售后与价保规则\nchannels: [douyin]\napplies_to: all\neffective_from: 2025-03-01\n---\n# 抖音渠道售后与价保规则\n\n## 价格保护（价保）\n\n自下单之日起15天内，若同一商品在抖音澜肌官方旗舰店降价，可申请价保，退还差价。\n",
	"policies/lj-shipping.md":         "---\nid: lj-shipping\ntitle: 配送与运费说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\n---\n# 配送与运费说明\n\n现货订单付款后48小时内发货。普通地区单笔实付满99元包邮，未满99元收取运费8元。\n",
	"faq.csv":                         "id,question,answer,tags\nF010,可以开发票吗？,可以。订单完成后可在订单详情页申请电子普通发票。,发票\n",
}

// answerEnv is a kgrag HTTP server (newEnv's) with answerKB ingested
// into e.kb.
type answerEnv struct {
	*env
	store kg.Store
	eng   *answer.Engine
}

func newAnswerEnv(t *testing.T, s kg.Store) *answerEnv {
	t.Helper()
	e := newEnv(t, s, graph.Limits{})
	var in []ingest.Input
	for id, text := range answerKB {
		in = append(in, ingest.Input{ID: id, Origin: "inline", Data: []byte(text)})
	}
	rep, err := e.svc.Ingester.Ingest(context.Background(), e.kb, in, ingest.RunOptions{Actor: "test"})
	if err != nil {
		t.Fatalf("Ingest = %v", err)
	}
	if err := rep.Err(); err != nil {
		t.Fatalf("Ingest report: %v", err)
	}
	return &answerEnv{env: e, store: s, eng: e.svc.Engine}
}

// answerJSON is an Answer as the API returns it (the fields asked for).
type answerJSON struct {
	ID         string         `json:"id"`
	Text       string         `json:"text"`
	Status     string         `json:"status"`
	Reason     *string        `json:"reason"`
	Citations  []citationJSON `json:"citations"`
	Confidence float64        `json:"confidence"`
	Intent     string         `json:"intent"`
	Sentiment  string         `json:"sentiment"`
	Language   string         `json:"language"`
	CreatedAt  string         `json:"createdAt"`
	Trace      *traceJSON     `json:"trace"`
}

type citationJSON struct {
	Marker   string  `json:"marker"`
	Kind     string  `json:"kind"`
	ID       string  `json:"id"`
	EntityID *string `json:"entityId"`
	Version  int64   `json:"version"`
	Quote    string  `json:"quote"`
}

type traceJSON struct {
	Caller             string   `json:"caller"`
	Question           string   `json:"question"`
	NormalizedQuestion string   `json:"normalizedQuestion"`
	Channel            *string  `json:"channel"`
	ConversationID     *string  `json:"conversationId"`
	AsOf               string   `json:"asOf"`
	LinkedEntities     []string `json:"linkedEntities"`
	Evidence           []struct {
		Marker  string  `json:"marker"`
		Kind    string  `json:"kind"`
		ID      string  `json:"id"`
		Version int64   `json:"version"`
		Score   float64 `json:"score"`
		Text    string  `json:"text"`
	} `json:"evidence"`
	PromptVersion string `json:"promptVersion"`
	Model         string `json:"model"`
	RawOutput     *string
	Verification  []struct {
		Sentence  string `json:"sentence"`
		Supported bool   `json:"supported"`
	} `json:"verification"`
	Latency []struct {
		Stage  string `json:"stage"`
		Micros int    `json:"micros"`
	} `json:"latency"`
}

const answerFields = `id text status reason citations { marker kind id entityId version quote } confidence intent sentiment language createdAt`

const traceFields = `trace { caller question normalizedQuestion channel conversationId asOf linkedEntities evidence { marker kind id version score text } promptVersion model rawOutput verification { sentence supported } latency { stage micros } }`

const askMutation = `mutation($in: AskInput!) { ask(input: $in) { ` + answerFields + ` } }`

// ask asks as key and returns the answer.
func (e *answerEnv) ask(key string, in map[string]any) answerJSON {
	e.t.Helper()
	var a answerJSON
	e.ok(key, askMutation, map[string]any{"in": in}, "ask", &a)
	return a
}

func (a answerJSON) reason() string {
	if a.Reason == nil {
		return ""
	}
	return *a.Reason
}

func (a answerJSON) String() string {
	b, _ := json.Marshal(a)
	return string(b)
}
