#!/usr/bin/env python3
"""Generate query sets from an unpacked archive, for measuring kbmatch.

Each query is a sentence taken from an article and pasted the way a person
would paste it; the article it came from is the expected answer. The sets
are cheap and large, but their sentences are the articles' own words: they
measure pasted text, not a person's description (for that, see the
hand-written sets beside this script).

  generate.py kb   ROOT SEED N  > set.jsonl   # ROOT: the unpacked kb/ folder
  generate.py blog ROOT SEED N  > set.jsonl   # ROOT: the blog/ folder
  generate.py ids  ROOT SEED N  > set.jsonl   # ROOT: the unpacked kb/ folder
  generate.py messages ROOT SEED N > set.jsonl # ROOT: the unpacked kb/ folder
  generate.py codes ROOT SEED N > set.jsonl   # ROOT: the unpacked kb/ folder
  generate.py filled ROOT SEED N > set.jsonl  # ROOT: the unpacked kb/ folder

kb: a sentence of 8-30 words from an article's SYMPTOMS section, pasted
verbatim, cut to its first 60 %, lower-cased, with two letters swapped, or
inside an SMS log line, a CMTrace line or an event-viewer entry.
blog: a sentence of 8-30 words of a post, verbatim, cut short or lower-cased.
ids: an event ID, status message ID, hex error code or error number that an
article names, asked for as a person would ("Event ID 1136", "status message
2328", "0x80041001", "error 1722"), alone when at most ten articles name it
(all of them are expected), else with three words of the article's title
(that article is expected).
messages: a message an article quotes (a block indented under its text, of
4-40 words), pasted verbatim, cut short, or inside an SMS log line, a CMTrace
line or an event-viewer entry; every article quoting the same block is
expected.
codes: a Win32 error that at most ten articles quote, pasted in another form
than an article writes it: the article says `System error 2189` and the
paste `0x8007088D` (its HRESULT), `hr=0x8007088d`, `-2147022707`, or the
reverse (`net helpmsg 2189`, `System error 2189 has occurred`); every
article that writes the code only in forms other than the pasted one is
expected.
filled: a message an article quotes with a placeholder in it (`<file
name>`, `%1`, `xxx`), pasted as the program writes it, each placeholder
filled with a value of its kind (a path, a server, a user, a number),
verbatim or inside an SMS log line, a CMTrace line or an event-viewer
entry; every article quoting the same block is expected.
articles: no queries, but N articles for people to describe (one id and
page path a line): articles drawn at random with a SYMPTOMS section, none
that a query set given after N expects (`generate.py articles ROOT SEED N
SET.jsonl...`), for own-words sets written by helpers who see the article
and not the matcher.
The same ROOT, SEED and N give the same set. An article's sections are read
as kbmatch's extractor finds them, through `kbmatch show --json` over a
full index (`$KBMATCH`, default target/release/kbmatch; `$KBMATCH_INDEX`,
default target/real-index): the script finds no section itself. (The sets
in train/ were drawn before that, with a regular expression for SYMPTOMS:
the same articles but for a few whose heading the expression missed.)
"""
import json
import os
import random
import re
import subprocess
import sys

KBMATCH = os.environ.get("KBMATCH", "target/release/kbmatch")
INDEX = os.environ.get("KBMATCH_INDEX", "target/real-index")

SMS_LINE = "{}  $$<SMS_EXECUTIVE><03-14-2004 09:12:44.120+300><thread=2212 (0x8A4)>"
CMTRACE_LINE = ('<![LOG[{}]LOG]!><time="09:12:44.120+300" date="03-14-2004" component="SMS_EXECUTIVE" '
                'context="" type="3" thread="2212" file="smsexec.cpp:812">')
EVENT_ENTRY = "Event Type: Error\nEvent Source: Application\nEvent ID: 1000\nDescription:\n{}"


def sentences(text, ends):
    found = [re.sub(r"\s+", " ", s).strip() for s in re.split(ends, text)]
    return [s for s in found if 8 <= len(s.split()) <= 30 and "http" not in s]


def cut(sentence):
    words = sentence.split()
    return " ".join(words[: max(5, len(words) * 6 // 10)])


def swap_letters(sentence, rng):
    words = sentence.split()
    i = rng.randrange(len(words))
    w = words[i]
    if len(w) > 4:
        j = rng.randrange(1, len(w) - 2)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def show(articles):
    """{id: article} of the articles the index has, as kbmatch's extractor
    read them: `kbmatch show --json ID...`, a few hundred ids a call."""
    found = {}
    articles = list(articles)
    for start in range(0, len(articles), 400):
        chunk = articles[start:start + 400]
        run = subprocess.run([KBMATCH, "show", "--json", "--index", INDEX, *chunk], capture_output=True, text=True)
        # One id: one (indented) object, or an error on stderr; several: a line each.
        shown = ([json.loads(run.stdout)] if run.returncode == 0 else []) if len(chunk) == 1 else \
            [json.loads(line) for line in run.stdout.splitlines()]
        for article in shown:
            if "error" not in article:
                found[article["id"]] = article
    return found


def sections(articles):
    """{id: {SECTION NAME (upper case): text}} of the articles (see show)."""
    return {id: {s["name"].upper(): s["text"] for s in a["sections"]} for id, a in show(articles).items()}


def symptoms_of(article):
    """An article's SYMPTOMS section, or None."""
    return sections([article]).get(article, {}).get("SYMPTOMS")


def random_pages(root, rng):
    """(article, page text) of articles drawn at random, 100,000 at most."""
    folders = sorted(os.listdir(root))
    for _ in range(100_000):
        folder = os.path.join(root, rng.choice(folders))
        article = rng.choice(sorted(os.listdir(folder)))
        try:
            with open(os.path.join(folder, article, "README.md"), encoding="utf-8", errors="replace") as f:
                yield article, f.read()
        except OSError:
            continue


def kb_queries(root, rng, n):
    out = []
    for article, text in random_pages(root, rng):
        if len(out) == n:
            break
        symptoms = symptoms_of(article)
        if not symptoms:
            continue
        found = sentences(symptoms, r"(?<=[.:])\s+")
        if not found:
            continue
        s = rng.choice(found)
        kind = rng.choice(["verbatim", "cut", "lower", "typo", "sms", "cmtrace", "event"])
        query = {
            "verbatim": lambda: s,
            "cut": lambda: cut(s),
            "lower": lambda: s.lower(),
            "typo": lambda: swap_letters(s, rng),
            "sms": lambda: SMS_LINE.format(s),
            "cmtrace": lambda: CMTRACE_LINE.format(s),
            "event": lambda: EVENT_ENTRY.format(s),
        }[kind]()
        out.append({"kind": kind, "query": query, "expect": [article]})
    return out


def blog_queries(root, rng, n):
    posts = []
    for name in sorted(os.listdir(root)):
        with open(os.path.join(root, name), encoding="utf-8") as f:
            text = f.read()
        permalink = re.search(r"^permalink:\s*(\S+)", text, re.M)
        if not permalink or text.count("---") < 2:
            continue
        body = text.split("---", 2)[2]
        body = re.sub(r"```.*?```", "", body, flags=re.S)
        body = re.sub(r"<[^>]+>", "", body)
        found = sentences(body, r"(?<=[.!?:])\s+|\n\s*\n")
        if found:
            posts.append((permalink.group(1), found))
    out = []
    while len(out) < n and posts:
        permalink, found = rng.choice(posts)
        s = rng.choice(found)
        kind = rng.choice(["verbatim", "cut", "lower"])
        query = {"verbatim": s, "cut": cut(s), "lower": s.lower()}[kind]
        out.append({"kind": kind, "query": query, "expect": [permalink]})
    return out


ID_FORMS = {
    "event": (re.compile(r"\bevent\s*(?:ids?\s*)?(?:number\s*)?:?\s*(\d{1,5})((?:\s*(?:,|and|or)\s*\d{1,5})*)\b", re.I),
              ["Event ID {}", "event id {}", "event {}"]),
    "msg": (re.compile(r"\bstatus\s+message\s+(?:id\s*)?(\d{3,5})\b|\bmessage\s+id:?\s*(\d{3,5})\b", re.I),
            ["status message {}", "status message id {}", "message ID {}"]),
    "hex": (re.compile(r"\b0x([0-9a-fA-F]{8})\b"), ["0x{}", "error 0x{}"]),
    "win32": (re.compile(r"\b(?:system\s+)?error\s*(?:code\s*)?:?\s*(\d{2,5})\b", re.I), ["error {}", "system error {}"]),
}


def every_page(root):
    """(article, page text) of every article, in order."""
    for folder in sorted(os.listdir(root)):
        for article in sorted(os.listdir(os.path.join(root, folder))):
            try:
                with open(os.path.join(root, folder, article, "README.md"), encoding="utf-8", errors="replace") as f:
                    yield article, f.read()
            except OSError:
                continue


def id_queries(root, rng, n):
    """Every ID each article names, then queries for a sample of them."""
    named = {}  # (kind, value) -> set of articles
    by_article = []
    for article, text in every_page(root):
        title = re.search(r'^title:\s*"?(.*?)"?\s*$', text, re.M)
        found = set()
        for kind, (pattern, _) in ID_FORMS.items():
            for m in pattern.finditer(text):
                if kind == "event":
                    # A list names each of its events: "Event IDs 9228 and 4300".
                    values = re.findall(r"\d+", m.group(1) + (m.group(2) or ""))
                else:
                    values = [next(g for g in m.groups() if g)]
                for value in values:
                    value = value.lower() if kind == "hex" else str(int(value))
                    found.add((kind, value))
        for key in found:
            named.setdefault(key, set()).add(article)
        if found:
            by_article.append((article, title.group(1) if title else "", sorted(found)))
    out = []
    for _ in range(100_000):
        if len(out) == n or not by_article:
            break
        article, title, found = rng.choice(by_article)
        kind, value = rng.choice(found)
        form = rng.choice(ID_FORMS[kind][1])
        query = form.format(value.upper() if kind == "hex" and rng.random() < 0.5 else value)
        if len(named[(kind, value)]) <= 10:
            expect = sorted(named[(kind, value)])
        else:
            words = sorted({w for w in re.findall(r"[A-Za-z]+", title.split(":", 1)[-1]) if len(w) > 3}
                           - {"quot", "error", "errors", "event"})
            if len(words) < 3:
                continue
            query = f"{query} {' '.join(rng.sample(words, 3))}"
            expect = [article]
        out.append({"kind": f"id_{kind}", "query": query, "expect": expect})
    return out


# How articles write a Win32 error: its number after "error", or its
# HRESULT (0x8007NNNN, also as a signed decimal).
WIN32_DECIMAL = re.compile(r"\b(?:System error|Win32 error|error|Error|ERROR|GetLastError\(\) returned)\s+(\d{2,5})\b")
WIN32_HRESULT = re.compile(r"\b(?:0x)?8007([0-9A-Fa-f]{4})\b")
WIN32_SIGNED = re.compile(r"-(2147\d{6})\b")
DECIMAL_PASTES = ["System error {n} has occurred", "net helpmsg {n}", "error {n}", "Win32 error {n}",
                  "GetLastError() returned {n}"]
HRESULT_PASTES = ["0x{hr:08X}", "hr=0x{hr:08x}", "failed with error 0x{hr:08X}", "HRESULT: 0x{hr:08X}",
                  "{hr:08x}", "error {signed}"]


def code_queries(root, rng, n):
    """Win32 errors written in one form, pasted in the other."""
    written = {}  # number -> {article: set of forms ("decimal", "hresult")}
    for article, text in every_page(root):
        for m in WIN32_DECIMAL.finditer(text):
            written.setdefault(int(m.group(1)), {}).setdefault(article, set()).add("decimal")
        for m in WIN32_HRESULT.finditer(text):
            written.setdefault(int(m.group(1), 16), {}).setdefault(article, set()).add("hresult")
        for m in WIN32_SIGNED.finditer(text):
            value = (-int(m.group(1))) & 0xFFFFFFFF
            if value >> 16 == 0x8007:
                written.setdefault(value & 0xFFFF, {}).setdefault(article, set()).add("hresult")
    codes = sorted(c for c, articles in written.items() if 0 < c <= 0xFFFF and len(articles) <= 10)
    out = []
    for _ in range(100_000):
        if len(out) == n or not codes:
            break
        number = rng.choice(codes)
        article = rng.choice(sorted(written[number]))
        forms = written[number][article]
        pasted = "hresult" if "decimal" in forms and "hresult" not in forms else "decimal"
        if forms == {"decimal", "hresult"}:
            continue
        hr = 0x80070000 | number
        form = rng.choice(DECIMAL_PASTES if pasted == "decimal" else HRESULT_PASTES)
        query = form.format(n=number, hr=hr, signed=hr - (1 << 32))
        expect = sorted(a for a, f in written[number].items() if pasted not in f)
        out.append({"kind": "code_form", "query": query, "expect": expect})
    return out


def quoted_blocks(text):
    """The blocks an article indents under its text: its quoted messages."""
    body = text.split("{% raw %}", 1)[-1].split("{% endraw %}", 1)[0]
    blocks, current = [], []
    for line in body.split("\n"):
        line = line[1:] if line.startswith("\t") else line
        if line.startswith("  ") and line.strip() and not line.strip().startswith(("-", "HKEY", "Q")):
            current.append(line.strip())
            continue
        if current:
            blocks.append(" ".join(current))
        current = []
    return [b for b in blocks if 4 <= len(b.split()) <= 40 and re.search(r"[a-z]{3}", b)
            and not re.match(r"^(Date|Time|Version|Size|File|[0-9])", b)]


def quoting_articles(root, blocks):
    """For each of `blocks`, every article that quotes it: all of them
    answer a query made of it."""
    quoting = {block: set() for block in blocks}
    for article, text in every_page(root):
        for block in quoted_blocks(text):
            if block in quoting:
                quoting[block].add(article)
    return quoting


def wrapped(text, kind):
    """A message pasted as it is (`verbatim`) or inside an SMS log line, a
    CMTrace line or an event-viewer entry."""
    return {"verbatim": text, "sms": SMS_LINE.format(text), "cmtrace": CMTRACE_LINE.format(text),
            "event": EVENT_ENTRY.format(text)}[kind]


def drawn_blocks(root, rng, n, keep=lambda block: True):
    """N (article, block) pairs: articles drawn at random, one of each's
    quoted blocks that `keep` takes."""
    chosen = []
    for article, text in random_pages(root, rng) if n else ():
        blocks = [b for b in quoted_blocks(text) if keep(b)]
        if blocks:
            chosen.append((article, rng.choice(blocks)))
            if len(chosen) == n:
                break
    return chosen


def message_queries(root, rng, n):
    chosen = drawn_blocks(root, rng, n)
    quoting = quoting_articles(root, {block for _, block in chosen})
    out = []
    for article, block in chosen:
        kind = rng.choice(["verbatim", "cut", "sms", "cmtrace", "event"])
        query = cut(block) if kind == "cut" else wrapped(block, kind)
        out.append({"kind": f"message_{kind}", "query": query, "expect": sorted(quoting[block] | {article})})
    return out


# A placeholder as articles write one: `<file name>`, `%1`, `xxx`.
PLACEHOLDER = re.compile(r"<([A-Za-z][^<>:/@]{0,40})>|%(?:\d|s|d)\b|\b(?:xxx+|XXX+)\b")
# What a program writes in place of a placeholder, by the words it holds.
FILLS = [
    (("path", "file", "folder", "directory", "drive", "dll", "exe"), ["D:\\Data\\Orders\\report.xls", "C:\\Apps\\Billing\\billing.dll", "E:\\Shares\\Finance"]),
    (("server", "computer", "machine", "host", "node", "site"), ["SRV-NYC-04", "EXCH02", "ORDERSDB01"]),
    (("user", "account", "owner", "logon"), ["CONTOSO\\jsmith", "svc_backup", "mlopez"]),
    (("number", "code", "error", "id", "count", "size", "port", "n"), ["4711", "1032", "88"]),
    (("domain",), ["CONTOSO", "EMEA"]),
    (("database", "table", "db"), ["Orders2024", "tblCustomers"]),
]
# A key to press (`<ENTER>`, `<CTRL+C>`) is no placeholder: such blocks are
# typing instructions, not messages.
KEY_NAME = re.compile(r"<(?:enter|return|cr|lf|tab|esc|space|spacebar|ctrl|alt|shift|del|f\d+|backspace|home|end)\b", re.I)
# What makes a block a program's message rather than code or an
# instruction: it says that something failed.
FAILURE = re.compile(r"\b(?:error|cannot|can't|could not|couldn't|failed|fails|unable|not found|invalid|denied"
                     r"|already|not enough|out of|missing|corrupt|incorrect|not responding|illegal|violation"
                     r"|stopped|terminated|does not exist|not available|not supported)\b", re.I)
# ... and what makes it something to type: code, a command line.
TYPED = re.compile(r"#include|without the quotation marks|^(?:set|dir|copy|net|ren|type|cd)\b|[{};=]", re.I)
OTHER_FILLS = ["Project7", "Quarterly Sales", "PAYROLL", "Marketing"]


def fill(block, rng):
    """A block with each placeholder filled with a value of its kind."""
    def value(m):
        words = re.findall(r"[a-z]+", (m.group(1) or "").lower())
        for keys, values in FILLS:
            if any(w in keys for w in words):
                return rng.choice(values)
        return rng.choice(OTHER_FILLS)
    return PLACEHOLDER.sub(value, block)


def filled_queries(root, rng, n):
    chosen = drawn_blocks(root, rng, n, lambda b: PLACEHOLDER.search(b) and not KEY_NAME.search(b)
                          and FAILURE.search(b) and not TYPED.search(b))
    quoting = quoting_articles(root, {block for _, block in chosen})
    out = []
    for article, block in chosen:
        pasted = fill(block, rng)
        kind = rng.choice(["verbatim", "sms", "cmtrace", "event"])
        query = wrapped(pasted, kind)
        out.append({"kind": f"filled_{kind}", "query": query, "expect": sorted(quoting[block] | {article})})
    return out


def page_path(root, article):
    """Where an article's page is: `kb/NNN/QNNNNNN/README.md`, NNN the
    digits before the last three, three at least."""
    return os.path.join(root, article[1:-3].zfill(3), article, "README.md")


def articles_to_describe(root, rng, n, sets):
    """N articles with a SYMPTOMS section that no query of `sets` expects."""
    taken = set()
    for path in sets:
        with open(path) as f:
            for line in f:
                if line.strip():
                    taken.update(json.loads(line)["expect"])
    chosen = []
    for article, text in random_pages(root, rng):
        if article in taken or not symptoms_of(article):
            continue
        taken.add(article)
        chosen.append(article)
        if len(chosen) == n:
            break
    return chosen


def main(argv):
    if len(argv) >= 5 and argv[1] == "articles":
        root, seed, n = argv[2], int(argv[3]), int(argv[4])
        for article in articles_to_describe(root, random.Random(seed), n, argv[5:]):
            print(article, page_path(root, article))
        return
    if len(argv) != 5 or argv[1] not in ("kb", "blog", "ids", "messages", "codes", "filled"):
        sys.exit(__doc__)
    which, root, seed, n = argv[1], argv[2], int(argv[3]), int(argv[4])
    rng = random.Random(seed)
    make = {"kb": kb_queries, "blog": blog_queries, "ids": id_queries, "messages": message_queries,
            "codes": code_queries, "filled": filled_queries}[which]
    queries = make(root, rng, n)
    for i, q in enumerate(queries):
        print(json.dumps({"qid": f"{which}{seed}-{i}", **q}))


if __name__ == "__main__":
    main(sys.argv)
