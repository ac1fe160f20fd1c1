package answer

import (
	"regexp"
	"strings"
	"sync"
	"unicode"

	"kgrag/retrieval/guard"
)

// Reason codes of REFUSED and HANDOFF answers.
const (
	ReasonNoEvidence       = "NO_EVIDENCE"
	ReasonWeakEvidence     = "WEAK_EVIDENCE"
	ReasonConflictingFacts = "CONFLICTING_FACTS"
	ReasonStaleFact        = "STALE_FACT"
	ReasonOutOfScope       = "OUT_OF_SCOPE"
	ReasonInjection        = "INJECTION"
	ReasonComplaint        = "COMPLAINT"
	ReasonHumanRequested   = "HUMAN_REQUESTED"
	ReasonRepeatedRefusal  = "REPEATED_REFUSAL"
	ReasonUnverified       = "UNVERIFIED"
)

// Signals is what the question itself says, before any evidence is read.
type Signals struct {
	Intent    string
	Sentiment string // positive, neutral, negative, angry
	// Stop, when set, is the reason to refuse or hand off without answering.
	Stop    string
	Handoff bool
}

type pattern struct {
	re   *regexp.Regexp
	what string
}

func pats(what string, exprs ...string) []pattern {
	out := make([]pattern, len(exprs))
	for i, e := range exprs {
		out[i] = pattern{regexp.MustCompile(e), what}
	}
	return out
}

// Instructions aimed at the bot rather than questions about the brand.
var injection = pats(ReasonInjection,
	`忽略.{0,12}(指令|指示|规则|设定|提示)`, `无视.{0,12}(指令|规则|设定)`,
	`ignore (all |any )?(the )?(previous|prior|above|earlier) (instructions|rules|prompts?)`,
	`disregard (all |the )?(previous|prior|above) `, `(reveal|show|print|repeat) (me )?(your|the) (system )?prompt`,
	`system prompt`, `系统提示词`, `(开发者|管理员|admin|developer) ?模式`, `admin mode`,
	`【系统(通知|消息|指令)】`, `\[system\]`, `你现在是`, `you are now`, `扮演`, `pretend (to be|you are)`,
	`(请|直接)?回复[‘'"“「].{1,20}[’'"”」]`, `(reply|respond|answer) (with|only) ['"]`,
	`我是你们(的)?(运营|管理员|老板|店长|技术|开发)`, `(改价|修改价格|把[^，。！？\s]{0,12}改(成|为)\d|(价格|价钱|价|金额|订单|运费)[^，。！？\s]{0,4}改(成|为)\d|改(成|为)\d+(\.\d+)?(元|块))`,
	`(生成|发放|给我).{0,8}(优惠券|折扣券|红包|兑换码)`, `(100%|百分百|免费)(折扣|优惠券)`,
)

// addressedToBot are the injection patterns that speak to the assistant
// (not those of a customer's voice, nor price or coupon words that policy
// text uses too). The knowledge never addresses the bot, so a sentence of
// evidence that does comes from a poisoned document.
var addressedToBot = pats(ReasonInjection,
	`忽略.{0,12}(指令|指示|规则|设定|提示)`, `无视.{0,12}(指令|规则|设定)`,
	`ignore (all |any )?(the )?(previous|prior|above|earlier) (instructions|rules|prompts?)`,
	`disregard (all |the )?(previous|prior|above) `, `(reveal|show|print|repeat) (me )?(your|the) (system )?prompt`,
	`system prompt`, `系统提示词`, `(开发者|管理员|admin|developer) ?模式`, `admin mode`,
	`【系统(通知|消息|指令)】`, `\[system\]`, `你现在是`, `you are now`, `pretend (to be|you are)`,
	`(请|直接)?回复[‘'"“「].{1,20}[’'"”」]`, `(reply|respond|answer) (with|only) ['"]`,
)

// addressesBot reports whether a sentence of evidence speaks to the
// assistant or holds a credential (package guard, which ingest applies
// too), or matches one of the patterns above.
func addressesBot(s string) bool {
	_, n := withoutInstructions(s)
	return n > 0
}

// withoutInstructions removes the sentences of evidence text that speak
// to the assistant or hold a credential, keeping the rest as written; it
// returns the text and how many sentences it removed. Ingest has withheld
// them already; this is the second line, for text indexed before it did
// and for what a correction patched in.
func withoutInstructions(text string) (string, int) {
	withheldMu.Lock()
	r, ok := withheldCache[text]
	withheldMu.Unlock()
	if ok {
		return r.text, r.n
	}
	out, n := withoutInstructionsUncached(text)
	withheldMu.Lock()
	if len(withheldCache) >= maxWithheldCache {
		clear(withheldCache) // chunks repeat across questions; a full cache starts over
	}
	withheldCache[text] = withheldResult{out, n}
	withheldMu.Unlock()
	return out, n
}

// The evidence filter's results by chunk text: the same chunks answer
// many questions, and the filter reads every sentence.
type withheldResult struct {
	text string
	n    int
}

const maxWithheldCache = 4096

var (
	withheldMu    sync.Mutex
	withheldCache = map[string]withheldResult{}
)

func withoutInstructionsUncached(text string) (string, int) {
	text, withheld := guard.Withhold(text)
	n := len(withheld)
	if !oldPatterns(text) {
		return text, n
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if !oldPatterns(l) {
			continue
		}
		var kept strings.Builder
		start := 0
		rs := []rune(l)
		for j, r := range rs {
			// An English full stop ends a sentence; a decimal point does not.
			stop := strings.ContainsRune("。！？!?；;", r) || r == '.' && j+1 < len(rs) && rs[j+1] == ' ' && (j == 0 || !unicode.IsDigit(rs[j-1]))
			if j+1 < len(rs) && !stop {
				continue
			}
			s := string(rs[start : j+1])
			start = j + 1
			if oldPatterns(s) {
				n++
				continue
			}
			kept.WriteString(s)
		}
		lines[i] = kept.String()
	}
	return strings.Join(lines, "\n"), n
}

// oldPatterns reports a match of addressedToBot.
func oldPatterns(s string) bool {
	n := Normalize(s)
	for _, p := range addressedToBot {
		if p.re.MatchString(n) {
			return true
		}
	}
	return false
}

var humanRequest = pats(ReasonHumanRequested,
	`(转|找|要|接)(人工|真人|客服小姐姐|活人)`, `人工客服`, `真人客服`, `不要(机器人|机器)`,
	`(talk|speak) (to|with) (a |an )?(human|person|agent|representative)`, `real person`, `human agent`,
)

// humanAskRE asks when or how the human service is reached; transferRE
// asks to be put through.
var (
	humanAskRE = regexp.MustCompile(`(人工|真人)?客服.{0,4}(几点|时间|电话|热线|上班|下班|工作|什么时候|啥时候|在线)|\b(hours|phone number|what time)\b`)
	transferRE = regexp.MustCompile(`(转|找|要|接)(人工|真人)|(talk|speak) (to|with)`)
)

var complaint = pats(ReasonComplaint,
	`投诉`, `举报`, `12315`, `消协`, `消费者协会`, `曝光你们`, `骗子`, `垃圾(产品|客服|公司)`, `差评`,
	`律师`, `起诉`, `(太|真)(恶心|差劲)`, `气死`, `什么破`,
	`\b(scam|fraud|lawyer|sue you|complain|complaint|terrible|disgusting)\b`,
)

// Questions no brand's knowledge answers: medical advice, order and
// logistics lookups, stock levels (customer-service-general; not a
// "stock-up" card).
var outOfScope = pats(ReasonOutOfScope,
	`(吃|喂|开|用|涂|擦|抹)(点|些)?(什么|啥|哪种|哪个|哪几种|哪些)\p{Han}{0,4}药`, `(能|会)(吃|穿|用|喝)好(吗|不|嘛)`, `(会不会|会|能不能)(得|患|引起|导致).{0,6}(炎|病|症|癌)`, `医生(推荐|建议)`, `对.{1,4}有(伤害|危害|害处)吗`, `what (medicine|medication|drug)`, `(医生|医院)开(的|了)`, `处方`, `用药`,
	`(查|看)(一?下)?.{0,6}(订单|物流|快递)`, `快递到哪`, `物流到哪`, `到哪了`, `\b(sf|yt|zto|jd)\d{8,}\b`, `订单号?[a-z]*\d{8,}`,
	// A record of the customer's own to look up by its number: a
	// contract, a ticket, a booking ("帮我查下合同AY20251108006731").
	`(合同|工单|售后单|服务单|预约单|保单)(号|编号)?[:：]?\s*[a-z]*\d{8,}`,
	// Whether the customer's own application has been approved: a lookup.
	`(审核|审批)(过了|通过了|好了|下来了)(没|吗|么|没有)`, `(审核|审批)(到哪|进度)`,
	`库存`, `\bin stock\b`, `\bstock(?:[^-\w]|$)`, `\btrack(ing)? (my )?(order|package|parcel)`, `\btracking\b.{0,30}\b(updated|update|moved|moving)\b`, `where is my (order|package|parcel)`,
	// "Can you check where my delivery is? Order number MY2511200031."
	`where my (order|package|parcel|delivery|shipment) is\b`, `\border\s*(number|no\.?|#)?\s*[:：]?\s*[a-z]*\d{8,}`,
	// Whether something cures or treats an illness, or can replace a
	// medicine: no product knowledge answers that.
	`(能|可以|可不可以|能不能)?治(好|愈)`, `(能|可以)治(吗|不|么)`, `疗效`, `(防|抗)癌`, `停药|药.{0,6}(停|不吃)`, `药水`,
	// An illness the customer has ("我有糖尿病"), or a food's effect on the
	// body in traditional terms ("会不会上火"): what to eat or use with it
	// is a doctor's answer.
	`(我|孩子|宝宝|老人|家人|他|她)?(有|患|患有|得了|得过)[^，,。？?！!\s毛]{0,5}(病|症|炎|疹)`, `(会|会不会|容易)上火`, `上火(吗|不|么)`,
	// A chronic condition named without 病, surgery, a checkup's values,
	// something swallowed, recovery: a doctor's answer too.
	`(有|患|患有|得了|得过)(痛风|高血压|高血脂|哮喘|癫痫|[肾胆]?结石)`, `排石`, `(做完|做了|刚做|动了|动过)(个)?手术|术后`, `体检\p{Han}{2,8}\d`, `(吞了|误吞|吞下|咽下)`, `帮助(恢复|康复)|康复`,
	// Whether something causes cancer, and whether to see a doctor or have
	// a shot: a doctor's answer.
	`致癌`, `(要不要|需不需要|需要|该不该|用不用|得不得)(去)?(医院|看医生|就医|打针|打.{0,3}(针|疫苗))`, `破伤风|狂犬`,
	// A health risk or an abnormal reading, and whether to take something
	// for it ("提示我有房颤风险 要不要吃…"): a doctor's answer.
	`(风险|异常|偏高|偏低|不齐).{0,10}(要不要|该不该|需不需要|用不用|得不得)(吃|服用|喝|治疗)`,
	// A medicine taken with the product, pain that should go away, a
	// pregnancy outcome: a doctor's answer too.
	`(在吃|正在吃|在服用|正在服用|吃着|服用).{1,10}(能|可以|可不可以|能不能)(同时|一起|一块|搭配)(吃|服用|喝|用)`, `(疼|痛|肿).{0,12}(能好|会好|好得了)(吗|不|么)`, `(防止|预防)(早产|流产)`,
	// Whether something harms a pregnancy ("…对宝宝有影响吗"), how much of
	// it is safe then ("喝多少没事"), and whether the body lacks a
	// nutrient ("会不会缺钙").
	`(怀孕|孕期|孕妇|怀着|备孕).{0,24}(影响|伤害|危害|多少(没事|没关系|不要紧|安全))`, `(会不会|会|容易|是不是|怕)缺(钙|铁|锌|碘|维生素)`,
	// The customer's own body measures, a treatment or implant they have:
	// what they may eat or use with it is a doctor's answer.
	`我的?(血糖|血压|血脂|尿酸)(偏)?(高|低)`, `胰岛素|起搏器|化疗|放疗|透析|降压药|降糖药|抗生素`,
	// Whether something is against the law, or valid in law: a lawyer's
	// answer, not the shop's.
	`(算|算不算|是不是|属不属于|属于|构成)(违法|犯法|侵权)`, `(违法|犯法|合法|合规)(吗|么|不|了吗)`, `法律上`, `法律效力`, `法条|哪条法|法律条文`,
	// ("会不会违法", "违不违反建筑规范", "要办营业执照吗": whether the law or
	// a regulation allows what the customer does.)
	`(会不会|会|是否|有没有)(违法|犯法|违规)`, `违不违(反|法|规)|是否违反|(会不会|会)违反`, `(办|申请|需要|要不要|需不需要)\p{Han}{0,2}(营业执照|经营许可)`,
	// Whether the customer answers for it in law, or may be sued
	// ("要负法律责任吗", "会不会被告侵权"): a lawyer's answer.
	`法律责任`, `(会不会|会|要|怕|可能)被\p{Han}{0,3}(告|起诉)`, `侵权(吗|么|不|啊)`,
	// Tonight's or tomorrow's weather, the sky's cloud: a forecast, no
	// knowledge of the shop's.
	`(今晚|今天|明天|明晚|今夜|后天|这周末|周末)\p{Han}{0,8}(天气|云量|空气质量)(怎么样|如何|多少|咋样|好不好|好吗)`, `云量多少|天气预报`,
	// Whether it will rain: a forecast too (not what is done when it does,
	// "下雨天能去吗").
	`下不下雨|会不会下雨|会下雨(吗|不|么)|\bwill it rain\b`,
	// How to pay less tax, which taxpayer status pays off: an accountant's
	// answer.
	`(少交|少缴)点?税|避税|节税|税收(返还|优惠|筹划)|纳税人\p{Han}{0,8}(划算|合适|好|还是)`,
	// Whether a day's tickets or rooms are sold out, how long the queue is
	// now: live.
	`(卖|售)(完|光|罄)了?(没|吗|么|没有)`, `余票|(票|房)\p{Han}{0,2}还有没有|还有(票|房|空房)(吗|没|不|么)`, `(现在|今天|此刻|这会儿?)\p{Han}{0,8}排队\p{Han}{0,3}(多久|多长时间|几个?小时|几分钟|人多)`,
	// How much stock a warehouse holds.
	`仓库.{0,6}(还有|还剩|有多少)`, `还有多少货`,
	// The law and its officers, a change the customer asks the assistant to
	// make to an order or booking, and tomorrow's prices (not a drop that
	// came after the order: "下单以后降价了"): nothing the knowledge states,
	// nothing an answering service can do.
	`法院|交警|罚款|报备|违章|打官司`, `帮我(把|给).{0,20}(改|取消|修改)(成|到|掉|一下)?`, `(明年|以后|将来|未来|还会).{0,6}(涨价|降价|涨|跌)(?:[^了价]|$)`, `会不会再?(涨价|降价)`,
	// Suing someone and how a suit ends ("邻居要去告我 我会不会输 要赔多少",
	// "该告饭店还是告你们"): a lawyer's answer.
	`(去|要|想|能|可以|该|得)告(我|你们|你|他|她|他们|对方|谁)`, `告.{1,6}还是告`, `(会不会|能不能)(输|赢)(?:[^入出液送电气血]|$)`, `胜诉|败诉|判赔|(能|会)判(赔|多少)`,
	// A lump found on the body, a gland's growth ("摸到个硬块…是不是乳腺
	// 增生"): a doctor's answer.
	`(摸到|长了|长出|发现|有)(个|一个|了)?(硬块|肿块|包块|结节|囊肿)`, `(乳腺|甲状腺|前列腺|子宫|卵巢)\p{Han}{0,2}(增生|结节|囊肿|肌瘤)`,
	// Whether something relieves a symptom ("宝宝咳嗽…能缓解吗"): a doctor's
	// answer.
	`(咳嗽|发烧|发热|失眠|头疼|头痛|鼻塞|鼻炎|哮喘).{0,20}(缓解|改善|好转|管用|有效)`,
	// Whether eyesight gets worse or better ("会不会让度数涨得更快",
	// "能不能把度数降下来"): a doctor's answer.
	`(度数|近视|视力)\p{Han}{0,4}(涨|加深|加重|恶化|降下来|变差)`,
	// Whether a child's development is behind, or what harms eyesight,
	// development or hearing ("是不是语言发育迟缓", "会不会影响视力"): a
	// doctor's answer.
	`发育(迟缓|落后|异常|不良)`, `(会不会|会|是否|对)\p{Han}{0,2}(影响|伤害?|损伤|损害)\p{Han}{0,4}(视力|发育|听力|智力)`,
	// A parcel's tracking number, lost or stuck parcels, what is left in stock
	// (现货, 现车; not the end of 发现, 出现… before 车架 or 货物).
	`(单号|运单号?)\s*[a-z]*\d{8,}`, `丢件`, `(物流|快递|单号).{0,24}(没|不)(更新|动)`, `(?:^|[^发出表体实展])现(?:货|车)`, `(还)?剩(几|多少)(台|件|个|包|盒|瓶|罐|支|只|箱|套|袋|份|双|条|间|张|座|席)`,
	`(还)?有货(吗|没|不|么)`, `有没有货`, `缺货`, `断货`, `(什么时候|啥时候|何时)补货`,
	// An order the customer placed, to look up or hurry: its number or a request to chase it.
	`单号?\s*[a-z]*\d{10,}`, `催(一?下|单|发货|快递|物流)`,
	// Who the person sent to the customer's own order is, and how to reach
	// them ("师傅叫啥 电话多少"): the order's, not the knowledge's.
	`(`+strings.Join(serviceRoles, "|")+`)(叫啥|叫什么|姓什么|姓啥|名字|的?(电话|手机))`,
	// Matching another shop's price ("隔壁…才3999 能不能也按这个价"), and
	// whether a date or a class still has room ("下周六还有档期吗"): beyond
	// an answering service, and live.
	`按(这个|这|他们|他家|他们家|别家|人家|隔壁)的?(价|价格|价钱)(卖|给|算|来)?(我|我们)?(签|办|做|算|卖)?(吗|不|么|嘛|[，,。？?！!\s]|$)`, `(还有|还剩|有没有)\p{Han}{0,3}?(档期|名额|空位|位子|位置|号源|时段|空档|空床|床位|余位|空房)(吗|没|不|么|呢|[，,。？?！!\s]|$)`, `还有空(吗|没|不|么|呢)`,
	// Which one is free now ("哪个房号空着", "哪间还空着", "还有空的大包间吗").
	`(哪个|哪间|哪些|哪几)\p{Han}{0,3}?空着`, `还有空(的|闲的?)\p{Han}{1,6}?(吗|没|不|么|呢)`,
	// Why the shop charges more than another ("X才39 你们凭啥贵这么多"):
	// a judgement against a rival's offer, not the knowledge's.
	`凭(啥|什么)\p{Han}{0,3}贵`,
	// Whether someone is still free to book at a time ("明天下午3点还有阿姨
	// 能约吗"): a schedule, live.
	`还有(人|阿姨|师傅|老师|技师|空闲的?\p{Han}{0,2})(能|可以)?约`,
	// What the customer's own thing would sell for second-hand ("挂闲鱼卖多
	// 少合适"): a valuation, no knowledge of the shop's.
	`卖多少钱?合适|挂(闲鱼|咸鱼|二手)`,
	// Whether the customer will win a rush for tickets or stock ("开票那天
	// 我能抢到内场吗"), and whether a sold-out run will get more dates
	// ("会不会加场"): a prediction, live.
	`(能|能不能|可以|会不会)抢(到|得到)`, `会不会\p{Han}{0,2}(加场|加开|返场)|(什么时候|啥时候|何时)(加场|加开|返场)`,
	// A promise of the customer's own outcome ("能保证给我找到月薪1万的工作
	// 吗", "今年肯定能过吧 给句准话"): no shop's knowledge answers it.
	`保证(给我|我|让我|帮我)[^，,。？?！!\s]{0,12}(吗|不|么|嘛)`, `给(句|个|我个|我句|我一句)准话`, `肯定能\p{Han}{0,3}(过|考上|通过|治好)\p{Han}?(吧|吗|么|不)`,
	// What a receipt takes off the customer's income tax, how to file it:
	// a tax adviser's answer.
	`抵(扣)?多少(个)?税|(个税|个人所得税)\p{Han}{0,6}(怎么|如何)(申报|报|抵)|我(该|要|得)?怎么(申报|报税)`,
	// A medicine's dose ("驱虫药一次吃几片"): a doctor's or a vet's answer.
	`药\p{Han}{0,4}(一次|每次|一天|每天)(吃|喂|用|服)几(片|粒|颗|毫升|ml|袋|支)`,
	// A place in today's queue or a number still free, a live picture of
	// what is in the shop's care now: live.
	`(还有|有没有)号(吗|没|不|么|呢)`, `排到第?(几|多少)(号|位|个|名)?|前面还有(几|多少)(个|人|位|号)`, `(马上|现在|立刻)(给我)?(发|拍)(个|一段|段|张)?(视频|照片)`,
	// How to get round a rule unseen ("教我怎么改实名不被查到"): nothing a
	// shop's service helps with.
	`不被\p{Han}{0,2}(查|发现|抓|识别)(到|出)?`,
	// What is left in the customer's own account: points, balance, coupons.
	`我.{0,8}(还有|还剩|剩下?)(多少|几)(个|张)?(积分|余额|优惠券|券)`,
)

var negativeWords = []string{"不满意", "失望", "生气", "难用", "坏了", "破损", "漏液", "过敏", "故障", "disappointed", "broken", "angry"}
var positiveWords = []string{"谢谢", "喜欢", "好用", "赞", "满意", "thanks", "thank you", "love"}

// Intents by keyword, most specific first.
var intents = []struct {
	name string
	re   *regexp.Regexp
}{
	{"injection", regexp.MustCompile(`^$`)}, // set by Classify
	{"invoice", regexp.MustCompile(`发票|专票|普票|invoice|税号`)},
	{"points", regexp.MustCompile(`积分|会员|金卡|银卡|黑金|生日礼|points|member`)},
	{"price_protection", regexp.MustCompile(`价保|退差价|降价|price (protection|difference|drop)|price (has |was )?(dropped|gone down|fallen|lowered|reduced)`)},
	{"refund", regexp.MustCompile(`退款|退钱|到账|钱.{0,6}(退|回来)|钱.{0,2}(多久|几天|什么时候|啥时候|要多久|多长时间).{0,4}到|refund`)},
	{"return", regexp.MustCompile(`退货|退换|换货|能退|能换|可以退|无理由|退吗|换吗|退回|想退|退还|退得了|退掉|换(?:个|一个|台|件|只)新的|return|no reason|without (?:a |any )?reason`)},
	// Calling off a booking: a trip, a stay, a class, a visit; an order
	// placed and no longer wanted ("下了单…又不要了").
	{"cancel", regexp.MustCompile(`取消|退团|退订|退票|` + callOffRE.String() + `|不去了|去不了|下了?单[^。？！?!]{0,16}?不要了|if (?:i|we) cancel|(?:want|wants|like|need|have|going) to cancel|cancel(?:l?ing|l?ed)? (?:my|the|a|this|our) (?:tour|trip|booking|reservation|order|class|lesson|appointment|stay|room|ticket)|cancellation (?:fee|penalty|policy)`)},
	{"shipping", regexp.MustCompile(`快递|发货|运费|包邮|顺丰|物流|配送|发出|寄出|(啥时候|什么时候|多久|几号|几天)能?发|(?:哪些|哪里|哪儿|哪个)(?:地方|地区|城市|省份?)?(?:不|能|可以)?(?:发|配送|寄)|什么(?:地方|地区)(?:不|能|可以)?(?:发|配送|送|寄)|shipping|deliver`)},
	{"trade_in", regexp.MustCompile(`以旧换新|旧[^，,。？?！!\s]{0,4}(能|可以|可不可以)?(抵|折价|换新)|trade.?in`)},
	{"warranty", regexp.MustCompile(`保修|维修|质保|warranty`)},
	{"privacy", regexp.MustCompile(`注销|隐私|个人信息|验证码|privacy`)},
	{"authenticity", regexp.MustCompile(`正品|防伪|真假|authentic`)},
	{"service_hours", regexp.MustCompile(`客服.{0,6}(几点|时间|上班|下班|下线|在线)|几点下班|working hours`)},
	{"availability", regexp.MustCompile(`有卖|能买|在哪买|哪里买|哪买|还有卖|上市|停产|下架|买到|available`)},
	{"comparison", regexp.MustCompile(`区别|哪个(好|贵|便宜)|比.{0,10}(便宜|贵|好)|差多少|对比|compare|cheaper|versus|\bvs\b|difference`)},
	{"aggregation", regexp.MustCompile(`有哪些|有哪几|都有啥|都有什么|哪些人|哪些东西|最贵|最便宜|which products|what products`)},
	{"price", regexp.MustCompile(`多少钱|价格|售价|几块|价钱|how much|price|cost`)},
	{"suitability", regexp.MustCompile(`适合|适用|不能用|suitable`)},
	{"ingredients", regexp.MustCompile(`成分|配料|浓度|含量|ingredient|concentration`)},
	{"usage", regexp.MustCompile(`怎么用|用法|使用|搭配|配合|保质期|how to use`)},
	{"spec", regexp.MustCompile(`规格|参数|多大|多重|尺寸|size|how big|weight|specs?`)},
}

// intentRE is the pattern of the intent named, nil for none.
func intentRE(name string) *regexp.Regexp {
	for _, it := range intents {
		if it.name == name {
			return it.re
		}
	}
	return nil
}

// Classify reads the normalised question for intent, sentiment and the
// signals that stop answering before retrieval (injection, a request for a
// human, a complaint, an out-of-scope request).
func Classify(nq string) Signals {
	var s Signals
	s.Sentiment = sentiment(nq)
	for _, p := range injection {
		if p.re.MatchString(nq) {
			s.Intent, s.Stop = "injection", ReasonInjection
			return s
		}
	}
	if _, ok := guard.Injection(nq); ok {
		s.Intent, s.Stop = "injection", ReasonInjection
		return s
	}
	// "人工客服几点下班" asks about the human service; it does not ask for it.
	asksAboutHuman := humanAskRE.MatchString(nq) && !transferRE.MatchString(nq)
	for _, p := range humanRequest {
		if p.re.MatchString(nq) && !asksAboutHuman {
			s.Intent, s.Stop, s.Handoff = "human", ReasonHumanRequested, true
			return s
		}
	}
	for _, p := range complaint {
		if p.re.MatchString(nq) {
			s.Intent, s.Stop, s.Handoff, s.Sentiment = "complaint", ReasonComplaint, true, "angry"
			return s
		}
	}
	for _, it := range intents[1:] {
		if it.re.MatchString(nq) {
			s.Intent = it.name
			break
		}
	}
	if s.Intent == "" {
		s.Intent = "other"
	}
	for _, p := range outOfScope {
		if p.re.MatchString(nq) {
			s.Stop = ReasonOutOfScope
			break
		}
	}
	// Whether something cures or heals, in English; not the curing of a
	// gel, a resin or a coat under a lamp, a material's sense of the word.
	if cureRE.MatchString(nq) && !curingRE.MatchString(nq) {
		s.Stop = ReasonOutOfScope
	}
	return s
}

// scopeMatches are the texts of the question that the out-of-scope
// patterns match.
func scopeMatches(nq string) []string {
	var out []string
	for _, p := range outOfScope {
		out = append(out, p.re.FindAllString(nq, -1)...)
	}
	if cureRE.MatchString(nq) && !curingRE.MatchString(nq) {
		out = append(out, cureRE.FindAllString(nq, -1)...)
	}
	return out
}

var (
	cureRE   = regexp.MustCompile(`\b(cure|cures|heal)\b`)
	curingRE = regexp.MustCompile(`\b(lamps?|uv|led|gels?|resins?|polish|coats?|layers?|glue|adhesives?|epoxy|concrete|cement|paint|sealants?|ink)\b`)
)

func sentiment(nq string) string {
	neg, pos := 0, 0
	for _, w := range negativeWords {
		if strings.Contains(nq, w) {
			neg++
		}
	}
	for _, w := range positiveWords {
		if strings.Contains(nq, w) {
			pos++
		}
	}
	if strings.Count(nq, "!")+strings.Count(nq, "！") >= 3 {
		neg++
	}
	switch {
	case neg > pos:
		return "negative"
	case pos > neg:
		return "positive"
	}
	return "neutral"
}
