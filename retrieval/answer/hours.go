package answer

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Hours before an appointment: a rule's tiers counted in hours before a
// visit, a pickup or a session ("预约时间前2-12小时取消：收取15元") are
// weighed against the hours between the time the customer says it is
// now (or that they cancel) and the time they booked, both said by the
// clock ("约的今天下午3点…现在中午12点", "booked for 9 am tomorrow. It's
// 11 pm now"). Customer-service-general: how people say times of day, and
// how rules bound hours.

// zhClockRE is a time of day said in Chinese, with its day where said:
// "明早9点", "6月4号下午4点", "现在中午12点", "14号晚上11点".
var zhClockRE = regexp.MustCompile(`(今天|今晚|今早|明天|明早|明晚|后天|(?:(\d{1,2})月)?(\d{1,2})[号日])?\s*(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里)?\s*(\d{1,2})\s*(?:点|:|：)\s*(半|\d{1,2})?`)

// enClockRE is one said in English: "9 am tomorrow", "11 pm", "at 10:30pm".
var enClockRE = regexp.MustCompile(`(?i)(today|tomorrow|tonight)?\s*(?:at\s+)?\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)\b(?:\s+(today|tomorrow|tonight))?`)

// nowBeforeRE says the time that follows is now ("现在", "it's");
// nowAfterRE that the time before it is when the customer cancels or
// changes ("…想取消", "…提交").
var (
	nowBeforeRE = regexp.MustCompile(`(现在|此刻|眼下|it'?s|it is|now is)\s*$`)
	nowAfterRE  = regexp.MustCompile(`^\s*(了|左右)?\s*[，,]?\s*(我)?(想|要|准备|打算|临时)?\s*(取消|改约|改期|退|不去|提交|申请|cancel|now)`)
)

// clockTime is a time of day a question says, whether it is now, and
// whether the half of the day was left unsaid ("现在1点了").
type clockTime struct {
	at       time.Time
	now      bool
	unmarked bool
	// month is the month said with the day (0: none); dayOnly that a day
	// of the month was said without it ("14号晚上11点").
	month   int
	dayOnly bool
}

// hoursBefore is the hours from the time the question says it is now (or
// that the customer cancels) to the time it says was booked, both by the
// clock, days counted from at ("明早9点…现在晚上10点": 11); -1 when it
// does not say both.
func hoursBefore(nq string, at time.Time) float64 {
	if at.IsZero() {
		return -1
	}
	day := time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.UTC)
	times := zhClockTimes(nq, day)
	if len(times) == 0 {
		times = enClockTimes(nq, day)
	}
	var now, booked []clockTime
	for _, c := range times {
		if c.now {
			now = append(now, c)
		} else {
			booked = append(booked, c)
		}
	}
	if len(now) != 1 || len(booked) != 1 {
		return -1
	}
	n, b := now[0], booked[0]
	// A day said without its month is of the other time's month ("6月15号
	// 上午10点取车 14号晚上11点取消": 6月14号).
	onMonthOf := func(c *clockTime, o clockTime) {
		if c.dayOnly && o.month > 0 {
			c.at = time.Date(o.at.Year(), time.Month(o.month), c.at.Day(), c.at.Hour(), c.at.Minute(), 0, 0, time.UTC)
		}
	}
	onMonthOf(&n, b)
	onMonthOf(&b, n)
	// A time said without its half of the day ("今天下午3点的车 现在1点
	// 了") is the one of its two readings nearer before the other.
	if n.unmarked && n.at.Hour() < 12 && b.at.Sub(n.at.Add(12*time.Hour)) > 0 {
		n.at = n.at.Add(12 * time.Hour)
	}
	if b.unmarked && b.at.Hour() < 12 && b.at.Sub(n.at) > 12*time.Hour {
		b.at = b.at.Add(12 * time.Hour)
	}
	h := b.at.Sub(n.at).Hours()
	if h <= 0 {
		return -1
	}
	return h
}

// submatch is group i of a match's indexes m in s ("" where it took no
// part).
func submatch(s string, m []int, i int) string {
	if m[2*i] < 0 {
		return ""
	}
	return s[m[2*i]:m[2*i+1]]
}

// zhClockTimes are the times of day a Chinese question says.
func zhClockTimes(nq string, day time.Time) []clockTime {
	var out []clockTime
	for _, m := range zhClockRE.FindAllStringSubmatchIndex(nq, -1) {
		g := func(i int) string { return submatch(nq, m, i) }
		h, _ := strconv.Atoi(g(5))
		if h > 24 {
			continue
		}
		// A number of hours or a date's day is no clock ("3点" needs 点
		// or a colon; "12.5" is not matched): the day word or part of the
		// day, or 点, makes it one.
		d := day
		month, dayOnly := 0, false
		switch w := g(1); {
		case w == "明天" || w == "明早" || w == "明晚":
			d = d.AddDate(0, 0, 1)
		case w == "后天":
			d = d.AddDate(0, 0, 2)
		case g(3) != "":
			dd, _ := strconv.Atoi(g(3))
			mo := int(d.Month())
			if g(2) != "" {
				mo, _ = strconv.Atoi(g(2))
				month = mo
			} else {
				dayOnly = true
			}
			if mo < 1 || mo > 12 || dd < 1 || dd > 31 {
				continue
			}
			d = time.Date(d.Year(), time.Month(mo), dd, 0, 0, 0, 0, time.UTC)
		}
		part := g(4)
		if part == "" {
			switch g(1) {
			case "今晚", "明晚":
				part = "晚上"
			case "今早", "明早":
				part = "早上"
			}
		}
		switch part {
		case "下午", "傍晚", "晚上", "夜里":
			if h < 12 {
				h += 12
			}
		case "中午":
			if h < 6 {
				h += 12
			}
		}
		min := 0
		if mm := g(6); mm == "半" {
			min = 30
		} else if mm != "" {
			min, _ = strconv.Atoi(mm)
		}
		now := nowBeforeRE.MatchString(nq[:m[0]]) || nowAfterRE.MatchString(nq[m[1]:])
		out = append(out, clockTime{at: d.Add(time.Duration(h)*time.Hour + time.Duration(min)*time.Minute), now: now, unmarked: part == "", month: month, dayOnly: dayOnly})
	}
	return out
}

// enClockTimes are the times of day an English question says.
func enClockTimes(nq string, day time.Time) []clockTime {
	var out []clockTime
	for _, m := range enClockRE.FindAllStringSubmatchIndex(nq, -1) {
		g := func(i int) string { return strings.ToLower(submatch(nq, m, i)) }
		h, _ := strconv.Atoi(g(2))
		if h < 1 || h > 12 {
			continue
		}
		if g(4) == "pm" && h < 12 {
			h += 12
		} else if g(4) == "am" && h == 12 {
			h = 0
		}
		min, _ := strconv.Atoi(g(3))
		d := day
		if w := g(1) + g(5); w == "tomorrow" {
			d = d.AddDate(0, 0, 1)
		}
		now := nowBeforeRE.MatchString(strings.ToLower(nq[:m[0]])) || nowAfterRE.MatchString(strings.ToLower(nq[m[1]:]))
		out = append(out, clockTime{at: d.Add(time.Duration(h)*time.Hour + time.Duration(min)*time.Minute), now: now})
	}
	return out
}

// Hour tiers as rules state them, in the tier's label (before its colon):
// a span ("前2-12小时", "24小时至48小时"), a lower bound ("12小时及以上",
// "48小时以上"), an upper bound ("2小时以内", "不足24小时").
var (
	hourSpanRE  = regexp.MustCompile(`(\d+)\s*(?:小时)?\s*[-~～至到]\s*(\d+)\s*小时`)
	hourLowerRE = regexp.MustCompile(`(\d+)\s*小时\s*(?:（[^）]*）|\([^)]*\))?\s*(?:及以上|以上|或以上|以前|之前)`)
	hourUpperRE = regexp.MustCompile(`(?:不足|不到|少于|未满)\s*(\d+)\s*小时|(\d+)\s*小时\s*(?:以内|之内|内)`)
)

// hourTierHolds reports whether a rule's sentence is the tier, counted in
// hours, that holds h hours for an action asked (actionsOf the question):
// every bound its label states holds h, and it states one.
func hourTierHolds(s string, h float64, asked []string) bool {
	// (Clause by clause: "…日租订单：取车前24小时以上取消免费；取车前6-24
	// 小时取消扣除首日租金的20%；…" holds in its second.)
	for _, c := range strings.FieldsFunc(s, func(r rune) bool { return r == '；' || r == ';' }) {
		if hourClauseHolds(c, h, asked) {
			return true
		}
	}
	return false
}

// hourClauseHolds is hourTierHolds of one clause, whose label (what it
// says before its colon, past a heading without hours) is the tier.
func hourClauseHolds(s string, h float64, asked []string) bool {
	if i := strings.IndexAny(s, "：:"); i >= 0 && !strings.Contains(s[:i], "小时") {
		s = s[i+len("："):]
	}
	label := s
	if i := strings.IndexAny(s, "：:"); i >= 0 {
		label = s[:i]
	}
	if !strings.Contains(label, "小时") {
		return false
	}
	// A tier says what is done that many hours before something: the
	// action the question asks (取消, not 修改 of "…取车前6小时以上免费修
	// 改"), or at least "前"/"距" ("A区24小时内上门" is no tier).
	if acts := actionsOf(label); len(acts) > 0 {
		if !slices.ContainsFunc(acts, func(a string) bool { return slices.Contains(asked, a) }) {
			return false
		}
	} else if !strings.ContainsAny(label, "前距") {
		return false
	}
	bounds := 0
	for _, m := range hourSpanRE.FindAllStringSubmatch(label, -1) {
		lo, _ := strconv.Atoi(m[1])
		hi, _ := strconv.Atoi(m[2])
		if h < float64(lo) || h > float64(hi) {
			return false
		}
		bounds++
	}
	spans := hourSpanRE.ReplaceAllString(label, " ")
	for _, m := range hourLowerRE.FindAllStringSubmatch(spans, -1) {
		lo, _ := strconv.Atoi(m[1])
		if h < float64(lo) {
			return false
		}
		bounds++
	}
	for _, m := range hourUpperRE.FindAllStringSubmatch(spans, -1) {
		hi, _ := strconv.Atoi(m[1] + m[2])
		if h >= float64(hi) {
			return false
		}
		bounds++
	}
	return bounds > 0
}

// actionRE is what a customer does to a booking: calls it off, or moves it.
var actionRE = regexp.MustCompile(`取消|cancel|改约|改期|改到|改时间|改个时间|修改|reschedul|退`)

// actionsOf are the actions a text says, as one word each ("取消", "改",
// "退").
func actionsOf(s string) []string {
	var out []string
	for _, m := range actionRE.FindAllString(strings.ToLower(s), -1) {
		a := "改"
		switch m {
		case "取消", "cancel":
			a = "取消"
		case "退":
			a = "退"
		}
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// clockRangeRE is a span of the clock a text states: "8:00-18:00",
// "20:00至次日7:00".
var clockRangeRE = regexp.MustCompile(`(\d{1,2})[:：](\d{2})\s*(?:-|~|～|—|–|至|到)\s*(?:次日|第二天|翌日)?\s*(\d{1,2})[:：](\d{2})`)

// clockSaid is the time of day a question says it wants something done,
// in minutes after midnight ("晚上9点想约人上门": 21:00), or -1: there is
// none, it is said without its half of the day ("9点"), or more than one
// is said (a booking and now are hours before).
func clockSaid(nq string) int {
	day := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	times := zhClockTimes(nq, day)
	if len(times) == 0 {
		times = enClockTimes(nq, day)
	}
	if len(times) != 1 || times[0].now || times[0].unmarked || times[0].month != 0 || times[0].dayOnly {
		return -1
	}
	return times[0].at.Hour()*60 + times[0].at.Minute()
}

// clockRangeHolds reports whether s states a span of the clock that holds
// m minutes after midnight; a span past midnight wraps ("20:00至次日7:00"
// holds 21:00 and 6:00).
func clockRangeHolds(s string, m int) bool {
	for _, r := range clockRangeRE.FindAllStringSubmatch(s, -1) {
		n := func(i int) int { v, _ := strconv.Atoi(r[i]); return v }
		from, to := n(1)*60+n(2), n(3)*60+n(4)
		if from < to && m >= from && m < to || from > to && (m >= from || m < to) {
			return true
		}
	}
	return false
}

// clockAsked is the time of day the question wants something done
// (clockSaid), where it does not ask the hours themselves ("几点关门 晚上
// 11点去还车行不行": the hours answer, whichever span holds 23:00) nor
// calls off or changes what is booked for then ("约了后天上午10点取车 现在
// 不想去了": the hours before it count).
func (t *turn) clockAsked() int {
	if t.asksHours() || len(actionsOf(t.nq)) > 0 {
		return -1
	}
	return clockSaid(t.nq)
}
