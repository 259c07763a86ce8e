"""不动产登记 (区自然资源局) and 住房 (区住房城乡建设局)."""

from .build import EVERYONE, PERSON, fee, form, ident, item, lic, mat, proc, promise, shared

REGISTRATION = "《不动产登记暂行条例》第三条、第十四条、第二十条；《不动产登记暂行条例实施细则》"
FEE_BASIS = ("《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》"
             "（发改价格规〔2016〕2559号）")
REGISTRATION_FEE = fee("不动产登记费", "住宅类每件80元，非住宅类每件550元（含第一本证书工本费）",
                       FEE_BASIS)
TAX_DATA = "税务征收信息（区税务局）"
PROPERTY_DATA = "不动产登记信息（区自然资源局）"

PARENTS = (
    ("0700301000", "不动产登记", "ZRZY"),
)

ITEMS = (
    item("ZRZY", "0700301001", "不动产首次登记", REGISTRATION,
         objects=EVERYONE, limits=(30, 5), result="BDCQ", themes=("housing",),
         materials=(form("不动产登记申请书"), ident("申请人身份证明"),
                    mat("不动产权属来源证明材料"),
                    shared("地籍调查成果或房屋测绘报告", "不动产权籍调查成果库"),
                    shared("完税凭证", TAX_DATA)),
         fees=(REGISTRATION_FEE,)),
    item("ZRZY", "0700301002", "不动产转移登记", REGISTRATION,
         objects=EVERYONE, limits=(30, 3), result="BDCQ", mobile=True, cross="city",
         themes=("housing",), co_departments=("SW", "ZJ"),
         materials=(form("不动产登记申请书"), ident(), lic("BDCQ", "原不动产权证书"),
                    shared("不动产买卖合同（网签备案）", "商品房网签备案信息（区住房城乡建设局）"),
                    shared("完税凭证", TAX_DATA),
                    lic("JHZ", "结婚证（夫妻共有时）", required=False)),
         fees=(REGISTRATION_FEE,)),
    item("ZRZY", "0700301003", "不动产抵押权登记", REGISTRATION,
         objects=EVERYONE, limits=(30, 1), result=("certificate", "不动产登记证明"), online="full",
         themes=("housing",),
         materials=(form("不动产登记申请书"), ident(), lic("BDCQ", "不动产权证书"),
                    mat("主债权合同和抵押合同", medium="electronic",
                        notes="通过“不动产登记+金融服务”由银行在线推送")),
         fees=(fee("不动产抵押权登记费", "住宅类每件80元，非住宅类每件550元", FEE_BASIS),)),
    item("ZRZY", "0700301004", "不动产更正登记", REGISTRATION,
         objects=EVERYONE, limits=(30, 5), result="BDCQ",
         materials=(form("不动产登记申请书"), ident(), lic("BDCQ", "不动产权证书"),
                    mat("证实登记确有错误的材料"))),
    item("ZRZY", "2000302000", "不动产登记资料查询", "《不动产登记资料查询暂行办法》第四条、第十四条",
         objects=EVERYONE, limits=(5, 0), result=("certificate", "不动产登记资料查询结果证明"),
         online="full", mobile=True, kiosk=True, near="town", cross="province",
         themes=("housing",), materials=(ident("查询人身份证明"),)),
    item("ZJ", "0500303000", "公共租赁住房保障申请",
         "《公共租赁住房管理办法》第七条、第八条、第九条",
         objects=PERSON, limits=(30, 20), result=("approval", "公共租赁住房保障资格确认通知书"),
         mobile=True, near="town", themes=("housing",),
         conditions=("在本区无住房或者住房面积低于规定标准", "收入、财产低于规定标准"),
         materials=(form("公共租赁住房申请表"), ident(), lic("HKB", "居民户口簿"),
                    shared("家庭住房状况", PROPERTY_DATA),
                    shared("家庭收入状况", "社会保险缴费信息（区人力资源社会保障局）"),
                    lic("JHZ", "结婚证", required=False),
                    promise("家庭成员收入证明", notes="签署家庭经济状况核对授权书并承诺")),
         procedures=(proc("site_inspection", 10, "入户调查核实家庭住房和收入状况"),
                     proc("publicity", 7, "在申请人户籍所在地、居住地公示审核结果", unit="calendar"))),
    item("ZJ", "1000304000", "商品房买卖合同网签备案",
         "《中华人民共和国城市房地产管理法》第四十五条；《城市商品房预售管理办法》第十条",
         objects=(*PERSON, "2"), limits=(5, 0), result=("certificate", "商品房买卖合同备案证明"),
         online="full", themes=("housing",),
         materials=(mat("商品房买卖合同", medium="electronic"), ident("买受人身份证明"))),
)
