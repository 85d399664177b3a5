package synth

// The vocabularies synthetic content is drawn from. They read like real
// reports so that pages, tables and narratives have realistic sizes and
// shapes, but every name produced from them is marked as synthetic.

type dept struct {
	slug, name, short string
	functions         []string
}

var depts = []dept{
	{"czj", "财政局", "财政局", []string{"负责全市财政收支管理。", "负责预算编制和执行。", "负责预算绩效管理工作。", "负责政府采购监督管理。"}},
	{"jyj", "教育局", "教育局", []string{"负责全市教育事业发展规划。", "负责基础教育管理。", "负责教师队伍建设。", "负责学生资助工作。"}},
	{"wjw", "卫生健康委员会", "卫健委", []string{"负责公共卫生管理。", "负责医疗机构监督管理。", "负责疾病预防控制。", "负责卫生应急工作。"}},
	{"scjgj", "市场监督管理局", "市场监管局", []string{"负责市场综合监督管理。", "负责市场主体统一登记注册。", "负责食品安全监督管理。", "负责知识产权保护。"}},
	{"nyncj", "农业农村局", "农业农村局", []string{"负责乡村振兴工作。", "负责农田建设管理。", "负责农产品质量安全监管。", "负责动植物防疫检疫。"}},
	{"zjj", "住房和城乡建设局", "住建局", []string{"负责城乡建设管理。", "负责住房保障工作。", "负责建筑市场监管。", "负责城市更新工作。"}},
	{"jtysj", "交通运输局", "交通局", []string{"负责公路建设与养护。", "负责道路运输管理。", "负责农村公路建设。", "负责交通运输安全监管。"}},
	{"slj", "水利局", "水利局", []string{"负责水资源管理。", "负责水旱灾害防御。", "负责农村饮水安全。", "负责河湖长制工作。"}},
	{"sthjj", "生态环境局", "生态环境局", []string{"负责生态环境监督管理。", "负责大气污染防治。", "负责水污染防治。", "负责环境监测工作。"}},
	{"mzj", "民政局", "民政局", []string{"负责社会救助工作。", "负责养老服务体系建设。", "负责儿童福利工作。", "负责社会组织管理。"}},
	{"rsj", "人力资源和社会保障局", "人社局", []string{"负责就业创业工作。", "负责社会保险管理。", "负责职业技能培训。", "负责劳动保障监察。"}},
	{"wlj", "文化旅游广电局", "文旅局", []string{"负责公共文化服务。", "负责文物保护利用。", "负责旅游市场管理。", "负责广播电视管理。"}},
	{"yjglj", "应急管理局", "应急局", []string{"负责安全生产监督管理。", "负责应急救援体系建设。", "负责防灾减灾工作。", "负责应急物资储备。"}},
	{"zrzyj", "自然资源和规划局", "自然资源局", []string{"负责国土空间规划。", "负责耕地保护。", "负责不动产登记。", "负责地质灾害防治。"}},
	{"kjj", "科学技术局", "科技局", []string{"负责科技创新体系建设。", "负责科技项目管理。", "负责高新技术企业培育。", "负责科技成果转化。"}},
	{"gxj", "工业和信息化局", "工信局", []string{"负责工业经济运行。", "负责中小企业发展。", "负责信息化建设。", "负责节能降耗工作。"}},
	{"sfj", "司法局", "司法局", []string{"负责法治政府建设。", "负责公共法律服务。", "负责人民调解工作。", "负责社区矫正工作。"}},
	{"tyj", "体育局", "体育局", []string{"负责全民健身工作。", "负责竞技体育工作。", "负责体育设施建设。", "负责体育产业发展。"}},
	{"lyj", "林业局", "林业局", []string{"负责森林资源保护。", "负责国土绿化。", "负责森林防火。", "负责自然保护地管理。"}},
	{"tjj", "统计局", "统计局", []string{"负责统计调查。", "负责国民经济核算。", "负责统计数据发布。", "负责统计执法检查。"}},
}

var cities = []struct{ slug, name string }{
	{"dongshan", "东山"}, {"xihe", "西河"}, {"nanhu", "南湖"}, {"beiling", "北岭"},
	{"qingshui", "清水"}, {"baiyun", "白云"}, {"jinsha", "金沙"}, {"yuxi", "玉溪"},
	{"changping", "长平"}, {"taiping", "太平"}, {"anle", "安乐"}, {"fengyuan", "丰源"},
	{"heping", "和平"}, {"xinglong", "兴隆"}, {"jiangkou", "江口"}, {"lianhua", "莲花"},
}

// projectThemes name projects; each has a slug for its id.
var projectThemes = []struct{ slug, name string }{
	{"special-fund", "专项业务经费"},
	{"info-system", "信息化系统建设运维"},
	{"inspection", "监督检查专项"},
	{"training", "业务培训与能力提升"},
	{"publicity", "宣传教育活动"},
	{"subsidy", "民生补助资金"},
	{"facility", "基础设施维护改造"},
	{"emergency", "应急保障专项"},
	{"survey", "专项调查与监测"},
	{"service-purchase", "政府购买服务"},
	{"pilot", "试点示范项目"},
	{"rural", "乡村振兴衔接资金"},
	{"safety", "安全生产专项整治"},
	{"archive", "档案数字化"},
	{"equipment", "专用设备购置"},
	{"award", "奖励扶持资金"},
}

// Indicator kinds: how the target and actual are written.
const (
	kindCount   = iota // bare number with a unit: target = 600, unit = "户"
	kindGEPct          // "≥95%"
	kindPct            // "98%" (positive, no operator)
	kindLEDays         // "≤30天"
	kindEQPct          // "=100%"
	kindLECost         // "≤50万元" (cost, reverse)
	kindQual           // "显著提升"
	kindGECount        // "≥12次"
)

type indTpl struct {
	level1, level2, name string
	kind                 int
	unit                 string
}

var outputIndicators = []indTpl{
	{"产出指标", "数量指标", "开展检查次数", kindGECount, "次"},
	{"产出指标", "数量指标", "覆盖服务对象户数", kindCount, "户"},
	{"产出指标", "数量指标", "培训人次", kindCount, "人次"},
	{"产出指标", "数量指标", "完成项目个数", kindCount, "个"},
	{"产出指标", "数量指标", "设备购置数量", kindCount, "台"},
	{"产出指标", "数量指标", "宣传活动场次", kindGECount, "场"},
	{"产出指标", "质量指标", "验收合格率", kindEQPct, ""},
	{"产出指标", "质量指标", "抽检合格率", kindGEPct, ""},
	{"产出指标", "质量指标", "资料归档完整率", kindPct, ""},
	{"产出指标", "质量指标", "问题整改率", kindGEPct, ""},
	{"产出指标", "时效指标", "任务完成及时率", kindEQPct, ""},
	{"产出指标", "时效指标", "办结时限", kindLEDays, ""},
	{"产出指标", "时效指标", "资金拨付及时性", kindQual, ""},
	{"产出指标", "成本指标", "单位成本控制", kindLECost, ""},
}

var benefitIndicators = []indTpl{
	{"效益指标", "社会效益指标", "群众办事便利度", kindQual, ""},
	{"效益指标", "社会效益指标", "公共服务水平", kindQual, ""},
	{"效益指标", "社会效益指标", "政策知晓率", kindGEPct, ""},
	{"效益指标", "经济效益指标", "带动社会投资", kindCount, "万元"},
	{"效益指标", "经济效益指标", "服务企业数量", kindGECount, "家"},
	{"效益指标", "生态效益指标", "环境质量改善", kindQual, ""},
	{"效益指标", "可持续影响指标", "长效机制建立", kindQual, ""},
	{"效益指标", "可持续影响指标", "设施正常运行率", kindPct, ""},
}

var satisfactionIndicators = []indTpl{
	{"满意度指标", "服务对象满意度指标", "服务对象满意度", kindGEPct, ""},
	{"满意度指标", "服务对象满意度指标", "群众满意度", kindPct, ""},
	{"满意度指标", "服务对象满意度指标", "参训人员满意度", kindGEPct, ""},
}

var costIndicators = []indTpl{
	{"成本指标", "经济成本指标", "项目总成本", kindLECost, ""},
	{"成本指标", "经济成本指标", "人均培训成本", kindLECost, ""},
}

var qualTargets = []string{"显著提升", "有效保障", "及时", "持续改善", "逐步建立", "明显提高"}

var deviations = []string{
	"部分采购合同在年底签订，资金于次年支付，下一步将加快项目实施进度。",
	"受项目实施周期影响，部分任务未能在年内全部完成，已纳入下年度工作计划。",
	"目标值设置偏保守，下一年度将结合实际情况科学设定绩效目标。",
	"部分服务对象分布较散，组织难度较大，今后将优化工作方式。",
}

// metricTpl is a headline indicator; the same id is used in every year.
type metricTpl struct {
	id, name, unit, group string
	base                  int64 // starting value in hundredths
	decimals              bool  // shown with two decimals
	text                  bool  // printed text such as 全省第二
	target                bool
}

var metricPool = []metricTpl{
	{"market-entities", "实有经营主体", "万户", "营商环境", 5963, true, false, false},
	{"enterprises", "实有企业", "万户", "营商环境", 1316, true, false, false},
	{"new-enterprises", "新登记企业", "户", "营商环境", 260700, false, false, true},
	{"service-items", "一网通办事项", "项", "营商环境", 35000, false, false, false},
	{"trained-people", "培训人次", "人次", "能力建设", 1250000, false, false, true},
	{"inspections", "监督检查次数", "次", "监督管理", 84000, false, false, false},
	{"cases", "查处案件", "起", "监督管理", 4000, false, false, false},
	{"complaints", "受理投诉举报", "件", "监督管理", 312000, false, false, false},
	{"pass-rate", "抽检合格率", "%", "质量安全", 9812, true, false, false},
	{"coverage", "服务覆盖率", "%", "公共服务", 9350, true, false, false},
	{"beneficiaries", "受益群众", "万人", "公共服务", 4512, true, false, false},
	{"investment", "带动社会投资", "万元", "经济发展", 1250000, true, false, false},
	{"patents", "有效发明专利", "件", "创新驱动", 380100, false, false, false},
	{"facilities", "新建改造设施", "处", "基础设施", 12000, false, false, true},
	{"rank", "工作考核全省排名", "", "综合评价", 0, false, true, false},
	{"jobs", "新增就业", "人", "民生保障", 1520000, false, false, true},
	{"green-area", "新增绿化面积", "公顷", "生态环境", 82050, true, false, false},
	{"digital", "数字化归档", "卷", "基础工作", 2450000, false, false, false},
}

var rankTexts = []string{"全省第一", "全省第二", "全省第三", "全省前五", "全省前十"}

var phrases = []string{
	"坚持以人民为中心的发展思想，围绕中心、服务大局，",
	"严格落实预算绩效管理要求，强化项目全过程管理，",
	"建立健全内部控制制度，规范资金使用审批程序，",
	"加强与相关部门的沟通协调，形成工作合力，",
	"按照年初确定的绩效目标，逐项分解落实责任，",
	"定期开展绩效运行监控，及时纠正执行偏差，",
	"通过政府采购方式确定服务供应商，保证了采购程序合规，",
	"组织专家对项目实施情况进行现场核查，",
	"项目资金实行专账核算、专款专用，",
	"主动接受人大、审计和社会监督，",
	"进一步完善了绩效评价指标体系，",
	"积极推进数字化转型，提升了工作效率，",
}

var endings = []string{
	"各项工作取得了明显成效。",
	"项目总体进展顺利，达到了预期目标。",
	"为全市经济社会发展提供了有力保障。",
	"群众获得感和满意度持续提升。",
	"资金使用效益得到进一步提高。",
	"为下一步工作打下了坚实基础。",
}

var problems = []string{
	"部分项目前期论证不够充分，绩效目标设置不够细化、量化。",
	"个别项目资金支付进度偏慢，年底集中支付现象仍然存在。",
	"绩效自评工作的专业力量不足，评价质量有待提高。",
	"部分指标数据采集渠道不够稳定，统计口径有待统一。",
	"项目实施中跨部门协调成本较高，影响了工作效率。",
}

var measures = []string{
	"强化事前绩效评估，科学合理设置绩效目标。",
	"加快预算执行进度，建立资金支付定期通报制度。",
	"加强绩效管理培训，提升干部职工业务能力。",
	"推进绩效评价结果与预算安排挂钩。",
	"完善绩效信息公开机制，主动接受社会监督。",
}
