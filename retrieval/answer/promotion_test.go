package answer_test

import (
	"fmt"
	"strings"
	"testing"

	"kgrag/kg"
	. "kgrag/retrieval/answer"
)

// A promotion in force prices a product by its model code: a price
// question asked while it runs gets the promotion's price beside the list
// price, and one asked after it ends does not.
func TestPromotionPrice(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HX-1001", "name": "禾夕扫地机器人R7 Max", "category": "扫地机器人", "price_cny": 3299, "channels": ["tmall", "web"], "launched": "2024-03-01", "attributes": {"保修期": "2年"}, "related": []}
{"id": "HX-1002", "name": "禾夕扫地机器人R5", "category": "扫地机器人", "price_cny": 1999, "channels": ["tmall", "web"], "launched": "2024-03-01", "attributes": {"保修期": "1年"}, "related": []}
`,
		"policies/hx-618.md": `---
id: hx-618
title: 618年中大促活动规则
channels: all
applies_to: all
effective_from: 2025-06-01
effective_to: 2025-06-20
supersedes: null
---

# 618年中大促活动规则

## 一、发货

大件商品付款后5天内发货，R7 Max赠送边刷一套。

## 二、活动价

1. R7 Max活动到手价2899元，每个账户限购2台。
2. 活动价仅限活动期内有效。
`,
	}
	// More text about R7 Max than the search returns, each row matching
	// the question's words better than the promotion's price does.
	faq := "id,question,answer,tags\n"
	for i := range 12 {
		faq += fmt.Sprintf("F%02d,R7 Max现在第%d项功能怎么用？,R7 Max现在的第%d项功能在App里打开，多少都可以设置。,功能\n", i, i, i)
	}
	sources["faq.csv"] = faq
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		during := e.ask(Request{Question: "r7 max现在多少钱", AsOf: day("2025-06-10")})
		if !strings.Contains(during.Text, "2899") || !strings.Contains(during.Text, "3299") {
			t.Errorf("during the promotion: %s %q, want its price 2899 beside the list price 3299", during.Status, during.Text)
		}
		after := e.ask(Request{Question: "r7 max现在多少钱", AsOf: day("2025-07-10")})
		if strings.Contains(after.Text, "2899") || !strings.Contains(after.Text, "3299") {
			t.Errorf("after the promotion: %s %q, want the list price only", after.Status, after.Text)
		}
		other := e.ask(Request{Question: "R5多少钱", AsOf: day("2025-06-10")})
		if strings.Contains(other.Text, "2899") {
			t.Errorf("another product during the promotion: %q quotes the promotion's price", other.Text)
		}
	})
}
