package guard

import (
	"regexp"
	"strings"
)

// What a withheld sentence is, for warnings and traces.
const (
	WhyAddressed   = "addresses the assistant"
	WhyRole        = "reassigns the assistant's role"
	WhyIgnoreRules = "tells the assistant to ignore its rules"
	WhyMarker      = "carries a prompt or role marker"
	WhyDictates    = "dictates what the assistant must answer"
	WhyDecode      = "asks for encoded text to be obeyed"
	WhyEncoded     = "hides an instruction in encoded text"
	WhySecret      = "asks for the assistant's prompt or a secret"
	WhyOrder       = "orders a change, a discount or a reply"
	WhyCredential  = "holds a credential-like string"
)

type rule struct {
	why string
	re  *regexp.Regexp
	pre prefilter
	// dense rules also match the text without spaces and punctuation.
	dense bool
	// voiced rules do not hold where a customer, a negation or a
	// condition is the verb's subject ("若买家忽略上述规定", "do not ignore
	// the safety instructions"): policy text says such things to customers.
	voiced bool
}

func r(why string, expr string) rule { return rule{why: why, re: regexp.MustCompile(expr)} }

// Sentence start: the text's start or a sentence end before it.
const start = `(?:^|[\n。！？!?；;]\s*|[.:：]\s+|[:：])`

// Who the assistant is, when text speaks to it: AI, assistant, bot,
// chatbot, language model and the like (never a product: "模型" and
// "机器人" alone are things brands sell).
const (
	zhAI = `(?:ai|人工智能|智能)?(?:助手|助理|客服机器人|聊天机器人|问答机器人|智能客服|ai客服|大模型|语言模型|ai模型|chatgpt|gpt|llm|ai|bot)`
	enAI = `(?:ai|a\.i\.|assistant|ai assistant|virtual assistant|support bot|chat ?bot|bot|language model|large language model|llm|gpt|chatgpt|ai model|ai system|customer service bot)`
	// zhBot and enBot name only a conversational AI, never a feature
	// ("AI降噪", "语音助手需要联网", "AI: adaptive noise cancelling"): they
	// go with obligations and labels, which a product text may give its
	// features.
	zhBot = `(?:ai助手|ai助理|智能助手|客服机器人|聊天机器人|问答机器人|智能客服|ai客服|大模型|语言模型|ai模型|chatgpt|gpt|llm)`
	// zhRole are roles a role play assigns (customer-service-general).
	zhRole = `(?:店长|老板|管理员|客服|经理|主管|员工|店员|开发者|工程师|程序员|助手|机器人|ai|gpt|系统|dan|黑客|没有限制|不受限制|无所不能|我的)`
	enBot  = `(?:assistant|ai assistant|virtual assistant|support bot|chat ?bot|language model|large language model|llm|gpt|chatgpt|ai model|customer service bot)`
)

// instructionRules speak to the assistant: no knowledge does. They run on
// folded text.
var instructionRules = []rule{
	// Addressing the assistant.
	{why: WhyAddressed, dense: true, re: regexp.MustCompile(`(?:^|[^a-z])` + zhAI + `们?(?:请注意|注意(?:[^力事]|$)|须知|听着|听好)`)},
	{why: WhyAddressed, dense: true, re: regexp.MustCompile(zhBot + `们?(?:必须|务必|应当|应该|要|请|你)`)},
	r(WhyAddressed, `(?:致|给|对|提醒|通知|告诉)(?:各位|所有|全体)?`+zhAI+`(?:们)?(?:的)?(?:说明|提示|指令|通知|消息|须知)?(?:[:：,，]|$)`),
	r(WhyAddressed, start+`(?:`+zhBot+`|助手|助理)(?:们)?\s*[:：]`),
	r(WhyAddressed, `\b(?:note|message|instructions?|reminder|attention|memo|notice|directive|psa|important|warning|update) (?:to|for) (?:the |all |any |every |our |you, the )?`+enAI+`s?\b`),
	r(WhyAddressed, start+`(?:dear|hey|hi|hello|attention|psa|note|important|ok|okay),? (?:the )?`+enAI+`s?\s*[:,]`),
	r(WhyAddressed, start+`(?:the )?`+enBot+`s?\s*:`),
	r(WhyAddressed, `\b(?:if|when) you(?: are|'re) an? `+enAI+`\b`),
	r(WhyAddressed, `\bas an? `+enAI+`,? you (?:must|should|shall|will|are)\b`),
	r(WhyAddressed, `\b`+enBot+`s? (?:must|should|shall|needs? to|is required to|are required to|will now|has to|have to) (?:always|never|now|only|say|reply|respond|answer|tell|ignore|treat|state|claim|include|follow|obey)\b`),

	// Role reassignment.
	{why: WhyRole, dense: true, re: regexp.MustCompile(`(?:现在|从现在开始|从现在起|从此|今后|接下来|此后|以后)你(?:就|将|要)?(?:是|成为|变成|扮演|作为|充当|将是)`)},
	{why: WhyRole, dense: true, re: regexp.MustCompile(`你(?:现在|今后|从现在起|接下来|从此)(?:就|将|要)?(?:是|成为|扮演|作为|充当)`)},
	{why: WhyRole, dense: true, re: regexp.MustCompile(`(?:请你?|你(?:要|来|将|需要|必须)?)(?:扮演|充当|假扮|假装(?:成|是)?|化身为?)(?:[^好]|$)`)},
	{why: WhyRole, dense: true, re: regexp.MustCompile(`你的(?:新)?(?:身份|角色|名字|设定|人设)(?:是|为|改为|变成|换成)`)},
	{why: WhyRole, dense: true, re: regexp.MustCompile(`(?:假设|假如|想象|设想)(?:一下)?你(?:是|现在是|成为|变成)` + zhRole)},
	{why: WhyRole, dense: true, re: regexp.MustCompile(`(?:进入|开启|打开|切换到?|启用|激活)(?:开发者|管理员|调试|上帝|越狱|无限制|特权|root|dan|debug|developer|admin|god)模式`)},
	r(WhyRole, `(?:开发者|管理员|越狱|上帝|无限制|developer|admin|god|jailbreak|dan|debug|unrestricted) ?(?:模式|mode)\b`),
	r(WhyRole, `\byou(?: are|'re) now\b`),
	r(WhyRole, `\bfrom now on,? (?:you|your|the assistant|act|respond|reply|answer|say|always|never)\b`),
	r(WhyRole, `(?:^|[\n。！？；，：.!?;:,]\s*|\bplease |\bnow |\byou (?:will|must|should|shall) |\byou'll )(?:act|behave|respond|answer|reply|speak|pose) as (?:a|an|the|if|my|though)\b`),
	r(WhyRole, `\bpretend (?:to be|you are|you're|that you)\b`),
	r(WhyRole, `\brole-?play(?:ing)?\b|\bstay in character\b`),
	r(WhyRole, `\b(?:imagine|suppose|assume|let's say) (?:that )?you(?: are|'re| were) (?:a|an|the|my|now)\b`),
	r(WhyRole, `\byour new (?:role|identity|persona|name|instructions?|task|job)\b|\byour (?:role|identity|persona|instructions?|task|job) (?:is|are|will be) now\b|\byour (?:role|identity|persona) (?:is|will be) (?:to act|to be|to pretend|to play)\b`),

	// Ignoring its rules.
	{why: WhyIgnoreRules, dense: true, voiced: true, re: regexp.MustCompile(`(?:忽略|无视|忘记|忘掉|忘了|抛开|抛弃|不要理会|别理会|不用理会|不要管|别管|绕过|跳过|不必遵守|不用遵守|不要遵守|别遵守)[^。！？!?]{0,12}?(?:指令|指示|规则|设定|提示词|系统提示|限制|约束|命令|规定|安全策略|prompt)`)},
	{why: WhyIgnoreRules, voiced: true, re: regexp.MustCompile(`\b(?:ignore|disregard|forget|override|bypass|skip|abandon|discard|neglect|drop|forget about)\b[^.!?]{0,40}?\b(?:instructions?|rules?|prompts?|guidelines?|directives?|restrictions?|constraints?|programming|system message|guardrails?|policies|everything (?:above|before|else))\b`)},
	r(WhyIgnoreRules, `ignore(?:all|the|any)?(?:previous|prior|above|earlier)?(?:instructions|rules|prompts?)`), // spelled out, joined

	// Prompt and role markers.
	r(WhyMarker, start+`(?:system|sys|系统|assistant|developer|admin|administrator|root|管理员|开发者)\s*(?:prompt|message|note|notice|override|消息|提示|指令|通知|公告)?\s*[:：]`),
	r(WhyMarker, `[\[【<{〔〖]\s*/?\s*(?:system|sys|inst|instruction|instructions|系统|指令|系统通知|系统消息|系统指令|系统提示|系统公告|admin|管理员|developer|开发者|prompt|提示词|sudo|override|assistant|user|ai指令|助手指令)\s*[\]】>}〕〗]`),
	r(WhyMarker, `<\|[a-z_]{2,30}\|>|<<\s*/?sys\s*>>|\[/?inst\]`),
	r(WhyMarker, `(?m)^#{1,4}\s*(?:system|instructions?|系统|指令)\b`),
	r(WhyMarker, `\b(?:begin|end|start) (?:of )?(?:the )?(?:system|hidden|new|secret) (?:prompt|instructions?|message)\b`),

	// Dictating its answers.
	r(WhyDictates, `(?:回答|回复|答复|解答|应答)[^。！？!?]{0,16}(?:时|的时候)[^。！？!?]{0,6}(?:都|一律|必须|务必|统一|一定|只)(?:要|能)?(?:说|回答|回复|称|表示|告诉|声明|强调|写)`),
	r(WhyDictates, `(?:所有|任何|每个|每一个|全部|一切|每条)(?:的)?(?:回答|回复|答复)[^。！？!?]{0,8}(?:都|必须|务必|一律|统一)(?:要|只|得|必须)?(?:说|写|称|表示|告诉|声明|强调|包含|加上|带上|附上|以|用)`),
	r(WhyDictates, `(?:所有|任何|每个|每一个|全部|一切|每条)(?:的)?(?:问题|提问|咨询|消息|询问)[^。！？!?]{0,8}(?:都|必须|务必|一律|统一)(?:要|只)?(?:回复|回答|答复|说|写)`),
	r(WhyDictates, `(?:你|请你|你要|你必须|你只能|直接|一律|统一|只)(?:回复|回答|输出|答复)[:：]?\s*[‘'"“「『]`),
	r(WhyDictates, `(?:回复|回答|告诉)(?:所有|每个|每一个|任何|每位)(?:顾客|客户|用户|买家|提问的人|问的人|人)`),
	r(WhyDictates, `\b(?:when(?:ever)?|if) (?:you )?(?:are )?(?:answering|responding|replying|asked|answer|respond|reply)\b[^.!?]{0,40}\b(?:always|must|should|say|tell|state|claim|include|mention)\b`),
	r(WhyDictates, `\bin (?:all|every|any|each) (?:of your |your )?(?:answers?|responses?|replies|outputs?)\b`),
	r(WhyDictates, `\b(?:always|only) (?:say|reply|respond|answer|output) (?:that\b|with ['"“‘]|['"“‘])`),
	r(WhyDictates, `\b(?:reply|respond|answer|say|output) (?:with|only|exactly|verbatim)\b[^.!?]{0,12}['"“‘]`),

	// Asking for encoded text to be obeyed.
	r(WhyDecode, `(?:解码|解密|翻译|转换|还原)[^。！？!?]{0,20}(?:执行|照做|遵照|遵守|服从|按.{0,4}做)`),
	r(WhyDecode, `\b(?:decode|decrypt|translate|convert|unescape)\b[^.!?]{0,40}\b(?:follow|execute|obey|run|do what|comply|act on)\b`),
}

// questionRules are what a customer's question may hold besides speaking
// to the assistant: asking for its prompt or a secret, ordering a change,
// a discount or a reply.
var questionRules = []rule{
	r(WhySecret, `\b(?:reveal|show|print|repeat|output|leak|display|dump|tell me|give me|what (?:is|are)|send me)\b[^.!?]{0,12}\b(?:your|the) (?:system |initial |hidden |original |secret )?(?:prompt|instructions|configuration)\b`),
	r(WhySecret, `system prompt|提示词|初始指令|原始指令|隐藏指令`),
	r(WhySecret, `(?:admin|administrator|root|superuser|管理员|后台|超级用户|内部|员工|staff|internal|数据库|database|server|服务器|开发者|developer)\s*的?\s*(?:账号|账户|account)?\s*(?:和|与|及|/|and)?\s*(?:password|passcode|passwd|口令|密码|密钥|秘钥|token|api ?key|credentials?|login)`),
	r(WhySecret, `\b(?:api|secret|access|private) ?(?:key|token)s?\b|密钥|秘钥|私钥`),
	r(WhySecret, `(?:奶奶|外婆|姥姥|祖母|grandma|grandmother|granny|bedtime|睡前)[^。.!?！？]{0,40}(?:password|密码|口令|key|密钥|序列号|激活码|token|secret|指令|prompt|提示词)`),
	r(WhyOrder, `(?:请|直接)?回复[‘'"“「].{1,20}[’'"”」]`),
	r(WhyOrder, `\b(?:reply|respond|answer) (?:with|only) ['"]`),
	r(WhyOrder, `\b(?:reply|respond|answer|say)\s*[:：]?\s*['"“‘][^'"”’]{1,40}['"”’]`),
	r(WhyOrder, `\bconfirm (?:it )?(?:with|by (?:saying|replying|writing))\s*[:：]?\s*['"“‘][^'"”’]{1,40}['"”’]`),
	r(WhyOrder, `\b(?:this is|we are|i am|i'm) (?:the |your )?(?:[a-z]+ ){0,2}(?:head office|headquarters|hq)\b|(?:这里是|我们是|我是)[^，,。！？\s]{0,8}总部`),
	r(WhyOrder, `\b(?:set|change|update) (?:the |its )?(?:[a-z0-9-]+ ){0,4}price (?:to|at)\b`),
	r(WhyOrder, `我是你们(?:的)?(?:公司)?(?:内部)?(?:员工|同事|运营|管理员|老板|店长|技术|开发|客服主管|经理)|我是(?:你们)?(?:公司)?内部(?:员工|人员|同事)`),
	// Other customers' personal data: no one is given it.
	r(WhySecret, `(?:用户|客户|顾客|买家|会员|别人|其他人)(?:的)?(?:手机号码?|电话号码?|联系方式|住址|收货地址|身份证号?|名单|个人信息)[^。！？!?]{0,12}(?:导出|发我|发给我|给我|私信我|整理)|(?:导出|发我|发给我|给我)[^。！？!?]{0,16}(?:用户|客户|顾客|买家|会员)(?:的)?(?:手机号码?|电话号码?|联系方式|住址|收货地址|身份证号?|名单|个人信息)`),
	r(WhySecret, `\b(?:export|send me|give me|list|dump)\b[^.!?]{0,30}\b(?:customers?|users?|buyers?|members?)(?:'s?)?\b[^.!?]{0,12}\b(?:phone numbers?|addresses|emails?|personal (?:data|info|information)|contact details)\b`),
	r(WhyOrder, `\bi(?:'m| am) (?:your|the|a) (?:admin|administrator|developer|operator|manager|owner|boss)\b`),
	// (A price changed by order, not a plan changed: "想改成96节的".)
	r(WhyOrder, `改价|修改价格|把[^，。！？\s]{0,12}改(?:成|为)\d|(?:价格|价钱|价|金额|订单|运费)[^，。！？\s]{0,4}改(?:成|为)\d|改(?:成|为)\d+(?:\.\d+)?(?:元|块)|\bchange the price\b`),
	r(WhyOrder, `(?:生成|发放|给我).{0,8}(?:优惠券|折扣券|红包|兑换码)`),
	r(WhyOrder, `(?:100%|百分百|免费)(?:折扣|优惠券)|\b100% (?:discount|off)\b|\b(?:generate|issue|give me) (?:a |an )?[^.!?]{0,20}\b(?:coupon|voucher|discount code)\b`),
	r(WhyRole, `扮演`),
}

func init() {
	for _, rs := range [][]rule{instructionRules, questionRules} {
		for i := range rs {
			rs[i].pre = newPrefilter(rs[i].re)
		}
	}
}

// voice is what before a verb makes it a customer's or a condition's:
// "若买家忽略上述规定", "do not ignore", "customers who ignore".
var voice = regexp.MustCompile(`(?:买家|顾客|用户|消费者|客户|会员|卖家|商家|您|因|若|如|如果|由于|因为|倘若|一旦|勿|不要|不得|切勿|禁止|请勿|不可|避免|\bcustomers?|\bbuyers?|\busers?|\bmembers?|\byou|\bwho|\bif|\bfailure to|\bfailing to|\bdo not|\bdon't|\bnever|\bnot|\bavoid)\s*(?:\S+\s*)?$`)

// match returns why folded text matches one of the rules. Loose
// matching ignores who the subject is: it never misses what strict
// matching of any part of the text finds.
func match(folded string, rules []rule, loose bool) (string, bool) {
	var d string
	for _, ru := range rules {
		if ok := matchOne(ru, folded, loose); ok {
			return ru.why, true
		}
		if ru.dense {
			if d == "" {
				d = dense(folded)
			}
			if matchOne(ru, d, loose) {
				return ru.why, true
			}
		}
	}
	return "", false
}

func matchOne(ru rule, s string, loose bool) bool {
	if !ru.pre.may(s) {
		return false
	}
	if !ru.voiced || loose {
		return ru.re.MatchString(s)
	}
	for _, m := range ru.re.FindAllStringIndex(s, -1) {
		before := s[:m[0]]
		if len(before) > 24 {
			before = before[len(before)-24:]
			for len(before) > 0 && before[0]&0xC0 == 0x80 { // not in the middle of a rune
				before = before[1:]
			}
		}
		if !voice.MatchString(before) {
			return true
		}
	}
	return false
}

// Instruction reports whether text speaks to the assistant: addresses it,
// reassigns its role, tells it to ignore its rules, carries a prompt
// marker, dictates its answers, or hides such text in an encoding. It
// returns why.
func Instruction(text string) (string, bool) {
	return instruction(text, false)
}

func instruction(text string, loose bool) (string, bool) {
	if why, ok := match(Fold(text), instructionRules, loose); ok {
		return why, true
	}
	for _, d := range decoded(text) {
		if _, ok := match(Fold(d), instructionRules, loose); ok {
			return WhyEncoded, true
		}
	}
	return "", false
}

// reportedAskRE is someone else asking the customer to give something
// away ("让我把密码发给他", "叫我提供验证码").
var reportedAskRE = regexp.MustCompile(`(?:让|叫|要|骗|逼)我(?:把|提供|告诉|报|发)[^。！？!?]{0,20}(?:发给|告诉|给)(?:他|她|对方|他们)`)

// Injection reports whether a question is an injection: an instruction
// to the assistant, or a request for its prompt or a secret, or an order
// to change something, issue a discount or say a given reply.
func Injection(question string) (string, bool) {
	if why, ok := Instruction(question); ok {
		return why, true
	}
	// "有人让我把管理员密码和验证码发给他": the customer reports someone
	// asking them for their own secret (a scam); what they report asks
	// the assistant for nothing, the rest of the question is read as usual.
	if why, ok := match(reportedAskRE.ReplaceAllString(Fold(question), "。"), questionRules, false); ok {
		return why, true
	}
	for _, d := range decoded(question) {
		if _, ok := match(Fold(d), questionRules, false); ok {
			return WhyEncoded, true
		}
	}
	return "", false
}

// Check reports why a sentence of knowledge must be withheld: it speaks
// to the assistant or holds a credential.
func Check(sentence string) (string, bool) {
	if why, ok := Instruction(sentence); ok {
		return why, true
	}
	if Credential(sentence) {
		return WhyCredential, true
	}
	return "", false
}

// Withheld is one sentence taken out of a text.
type Withheld struct {
	Text   string
	Offset int // byte offset in the text
	Why    string
}

// maxHeaderRunes: a withheld address or marker this short ("AI助手注意",
// "【系统通知】"), or any withheld instruction ending in a colon or
// semicolon ("SYSTEM:", "You are now the manager;"), takes the next
// sentence of its paragraph with it, which is its body.
const maxHeaderRunes = 24

// Withhold removes the sentences of text that speak to the assistant or
// hold a credential, keeping the rest as written (line breaks too). A
// short address line withholds the sentence after it as well.
func Withhold(text string) (string, []Withheld) {
	// Most text holds nothing: one loose look at the whole of it, which
	// finds whatever any sentence of it would, decides.
	if _, ok := instruction(text, true); !ok && !Credential(text) {
		return text, nil
	}
	var out []Withheld
	var kept strings.Builder
	takeNext := false
	for _, s := range sentences(text) {
		seg := text[s[0]:s[1]]
		trimmed := strings.TrimSpace(seg)
		if trimmed == "" {
			takeNext = false // a paragraph break ends what an address line governs
			kept.WriteString(seg)
			continue
		}
		why, bad := Check(seg)
		colon := strings.HasSuffix(trimmed, ":") || strings.HasSuffix(trimmed, ";") || strings.HasSuffix(trimmed, "：") || strings.HasSuffix(trimmed, "；")
		header := bad && why != WhyCredential && (colon || (why == WhyAddressed || why == WhyMarker) && len([]rune(trimmed)) <= maxHeaderRunes)
		if !bad && takeNext {
			why, bad = WhyAddressed, true
		}
		takeNext = header
		if !bad {
			kept.WriteString(seg)
			continue
		}
		out = append(out, Withheld{Text: strings.TrimSpace(seg), Offset: s[0], Why: why})
		// Keep the line break that ended it.
		if strings.HasSuffix(seg, "\n") && kept.Len() > 0 && !strings.HasSuffix(kept.String(), "\n") {
			kept.WriteString("\n")
		}
	}
	if len(out) == 0 {
		return text, nil
	}
	return kept.String(), out
}

var entityEndRE = regexp.MustCompile(`&#?[0-9a-zA-Z]{1,8}$`)

// sentences cuts text into [start, end) byte ranges at Chinese and English
// sentence ends and line breaks, each keeping its terminator (and the
// line break), covering the whole text.
func sentences(text string) [][2]int {
	var out [][2]int
	begin := 0
	for i, c := range text {
		if i < begin {
			continue // taken with the sentence before
		}
		end := -1
		switch c {
		case ';':
			// A semicolon ends a sentence, not an HTML character reference.
			if !entityEndRE.MatchString(text[max(begin, i-10):i]) {
				end = i + 1
			}
		case '\n', '。', '！', '？', '!', '?', '；':
			end = i + len(string(c))
		case '.':
			// An English full stop ends a sentence; a decimal point does not.
			if i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n' {
				if i == 0 || text[i-1] < '0' || text[i-1] > '9' {
					end = i + 1
				}
			}
		}
		if end < 0 {
			continue
		}
		// Closing quotes and a following line break stay with the sentence.
		for end < len(text) && strings.ContainsRune("”’\"'」』）)]】", rune(text[end])) && text[end] < 0x80 {
			end++
		}
		for _, q := range []string{"”", "’", "」", "』", "）", "】"} {
			if strings.HasPrefix(text[end:], q) {
				end += len(q)
			}
		}
		if c != '\n' && end < len(text) && text[end] == '\n' {
			end++
		}
		out = append(out, [2]int{begin, end})
		begin = end
	}
	if begin < len(text) {
		out = append(out, [2]int{begin, len(text)})
	}
	return out
}
