package ingest

import (
	"fmt"
	"slices"
	"strings"

	"kgrag/ingest/parse"
	"kgrag/kg"
)

// relLink is one relation of a product as its chunk tells it.
type relLink struct {
	phrase string // "是…的替换装"
	id     string
}

var relatedPhrase = map[string]string{
	"refill_of":       "是%s的替换装",
	"set_contains":    "套装包含%s",
	"compatible_with": "可与%s搭配使用",
	"replaces":        "替代已停产的%s",
}

var inversePhrase = map[string]string{
	"refill_of":       "有替换装%s",
	"set_contains":    "包含在套装%s中",
	"compatible_with": "可与%s搭配使用",
	"replaces":        "已由%s替代",
}

// inverseLinks gives each product of a catalog the relations other
// products of the same catalog have to it, so the chunk of a discontinued
// product says what replaced it and a cream's chunk names its refill.
func inverseLinks(doc *parse.Document) map[string][]relLink {
	out := map[string][]relLink{}
	for _, p := range doc.Products {
		for _, r := range p.Related {
			l := relLink{phrase: inversePhrase[r.Type], id: p.ID}
			if r.Type == "compatible_with" && slices.ContainsFunc(doc.Products, func(q parse.Product) bool {
				return q.ID == r.ID && slices.Contains(q.Related, parse.Related{Type: r.Type, ID: p.ID})
			}) {
				continue // both sides say it already
			}
			if !slices.Contains(out[r.ID], l) {
				out[r.ID] = append(out[r.ID], l)
			}
		}
	}
	return out
}

// renderProduct writes a catalog record as readable Chinese text: every
// field and attribute, the channels it is and is not sold on, and its
// relations to other products by name and id. nameOf names other products.
func renderProduct(p parse.Product, nameOf func(id string) string, inverse []relLink, allChannels []string) string {
	var b strings.Builder
	line := func(format string, args ...any) {
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
	}
	line("%s", p.Name)
	if p.NameEN != "" {
		line("英文名：%s", p.NameEN)
	}
	line("商品编号：%s", p.ID)
	if p.Category != "" {
		line("品类：%s", p.Category)
	}
	if p.Series != "" && !slices.ContainsFunc(p.Attributes, func(a kg.Attribute) bool { return a.Key == "系列" }) {
		line("系列：%s", p.Series)
	}
	if p.PriceCNY != "" {
		line("价格：%s元", p.PriceCNY)
	}
	for _, a := range p.Attributes {
		line("%s：%s", a.Key, a.Text())
	}
	for _, v := range p.Variants {
		line("%s", variantText(v))
	}
	if len(p.Ingredients) > 0 {
		line("成分：%s", strings.Join(p.Ingredients, "、"))
	}
	if len(p.SuitableFor) > 0 {
		line("适合：%s", strings.Join(p.SuitableFor, "、"))
	}
	if len(p.NotSuitableFor) > 0 {
		line("不适合：%s", strings.Join(p.NotSuitableFor, "、"))
	}
	if p.Launched != "" {
		line("上市日期：%s", p.Launched)
	}
	if p.Discontinued != "" {
		line("停产日期：%s", p.Discontinued)
	}
	if len(p.Channels) > 0 {
		line("销售渠道：%s", channelNames(p.Channels))
		var not []string
		for _, c := range allChannels {
			if !slices.Contains(p.Channels, c) {
				not = append(not, c)
			}
		}
		if len(not) > 0 {
			line("不在以下渠道销售：%s", channelNames(not))
		}
	} else {
		line("销售渠道：全部渠道")
	}
	var rels []string
	for _, r := range p.Related {
		rels = append(rels, fmt.Sprintf(relatedPhrase[r.Type], productRef(r.ID, nameOf)))
	}
	for _, l := range inverse {
		rels = append(rels, fmt.Sprintf(l.phrase, productRef(l.id, nameOf)))
	}
	if len(rels) > 0 {
		line("关联商品：%s。", strings.Join(rels, "；"))
	}
	return strings.TrimSpace(b.String())
}

// variantText is one line of a product's text for a variant (SKU): its
// code, name and values, "规格 BW-3001-M（贝窝云柔纸尿裤 M）：size：M，价格：139元".
func variantText(v parse.Variant) string {
	var parts []string
	for _, a := range v.Attributes {
		if a.Key == "price_cny" {
			parts = append(parts, "价格："+a.Text()+"元")
			continue
		}
		parts = append(parts, a.Key+"："+a.Text())
	}
	return fmt.Sprintf("规格 %s（%s）：%s", v.ID, v.Name, strings.Join(parts, "，"))
}

func productRef(id string, nameOf func(string) string) string {
	if n := nameOf(id); n != "" {
		return fmt.Sprintf("%s（%s）", n, id)
	}
	return id
}

func channelNames(codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = kg.ChannelName(c, "zh")
	}
	return strings.Join(names, "、")
}
