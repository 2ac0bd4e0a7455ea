"""Drive `kbmatch mcp` with the official MCP Python SDK (PyPI `mcp`).

Usage: client.py KBMATCH INDEX WORKDIR

KBMATCH is the `kbmatch` binary, INDEX an index of the sample corpus
(`corpus/`), WORKDIR a folder to create the logs in (it must not exist).
Starts `kbmatch mcp --index INDEX --allow WORKDIR/logs` over stdio,
initialises, lists the tools and resources, calls each tool on the sample
corpus and checks that its structured result is the very object that the
command's `--json` prints, reads a resource, checks the error for each kind
of bad input (the server answering on after each), then makes 200 `match`
calls in a row and compares the server's memory after the first and the
last. Prints "all MCP checks passed" and the figures; exits non-zero on the
first failed check. Run by tests/mcp.rs.
"""

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from mcp import ClientSession, MCPError, StdioServerParameters, stdio_client

# The README's first example: a distribution manager log line.
README_PASTE = (
    'Cannot update the package server ["Display=\\\\DP02\\"]MSWNET:["SMS_SITE=SYD"]\\\\DP02\\ for package '
    "SYD00045, error = 8~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:10.123-600><thread=4404 (0x1134)>"
)
BLOG_POST = "/kbmatch-notes/2011/08/05/package-stuck-install-pending-after-dp-power-cycle/"
SAMPLE_IDS = sorted([
    BLOG_POST, "Q900001", "Q900002", "Q900003", "Q900004", "Q900005", "Q900006", "Q900007",
    "runbooks/dp-package-install-pending.md",
    "runbooks/inventoryagent-80041001-after-mof-edit.md",
    "runbooks/sms-executive-site-database-errors-679-3304.md",
])
LOG = (
    "Starting the despooler\n"
    "Despooler failed to execute the instruction, error code = 38a\n"
    "Retrying\n"
    "Despooler failed to execute the instruction, error code = 38a\n"
)
# The library's paste limit (KnowledgeBase::MAX_QUERY_BYTES) and the
# inline log limit of `scan` (src/mcp/tools.rs, MAX_LOG_BYTES).
# A runbook added to the corpus while the server runs, in this project's words.
ADDED_RUNBOOK = """# Print jobs stay in the spooler queue

## Symptoms

Documents sent to a shared printer stay queued and never print.

## Resolution

1. Stop the Print Spooler service.
2. Delete the files in the spool folder.
3. Start the Print Spooler service.
"""
MAX_QUERY_BYTES = 256 * 1024
MAX_LOG_BYTES = 8 * 1024 * 1024
# JSON-RPC: invalid params; MCP: resource not found.
INVALID_PARAMS, RESOURCE_NOT_FOUND = -32602, -32002
CALLS = 200


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def command_json(kbmatch, *args, stdin=None):
    """What `kbmatch ARGS --json` prints, as JSON."""
    done = subprocess.run([kbmatch, *args, "--json"], input=stdin, capture_output=True, text=True)
    check(done.returncode in (0, 1), f"kbmatch {args}: exit {done.returncode}: {done.stderr}")
    return json.loads(done.stdout)


def server_pid():
    """The kbmatch process this client started (its only child)."""
    children = []
    for task in Path("/proc/self/task").iterdir():
        children += (task / "children").read_text().split()
    found = [int(pid) for pid in children if Path(f"/proc/{pid}/exe").resolve().name == "kbmatch"]
    check(len(found) == 1, f"one kbmatch child process, found {found}")
    return found[0]


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS in /proc/{pid}/status")


async def tool_error(session, name, arguments, code, words):
    """A protocol error with `code` whose message holds `words`."""
    try:
        await session.call_tool(name, arguments)
    except MCPError as e:
        check(e.code == code, f"{name} {arguments}: error code {e.code}, expected {code}: {e.message}")
        check(words in e.message, f"{name} {arguments}: {words!r} not in {e.message!r}")
        return e.message
    raise AssertionError(f"{name} {arguments}: no error")


async def refused(session, name, arguments, words):
    """A tool result marked isError whose text holds `words`."""
    result = await session.call_tool(name, arguments)
    check(result.is_error, f"{name}: not an error: {result.content}")
    text = result.content[0].text
    check(words in text, f"{name}: {words!r} not in {text!r}")
    return text


async def still_answers(session):
    result = await session.call_tool("show", {"id": "Q900006"})
    check(not result.is_error and result.structured_content["id"] == "Q900006", "the server answers on")


async def run(kbmatch, index, work):
    logs, outside = work / "logs", work / "outside"
    logs.mkdir(parents=True)
    outside.mkdir()
    (logs / "despool.log").write_text(LOG)
    (outside / "secret.log").write_text(LOG)
    (logs / "link.log").symlink_to(outside / "secret.log")
    (logs / "inner").mkdir()
    (logs / "inner" / "despool.log").write_text(LOG)
    server = StdioServerParameters(
        command=kbmatch, args=["mcp", "--index", str(index), "--allow", str(logs)], cwd=str(work)
    )
    async with stdio_client(server) as (read, write), ClientSession(read, write) as session:
        init = await session.initialize()
        check(init.server_info.name == "kbmatch", f"server name {init.server_info.name}")
        check(init.capabilities.tools is not None and init.capabilities.resources is not None, "capabilities")
        check("`match`" in init.instructions, "instructions say which tool is for what")
        pid = server_pid()

        # The tools, their input schemas and descriptions.
        tools = {tool.name: tool for tool in (await session.list_tools()).tools}
        check(sorted(tools) == ["code", "match", "scan", "show"], f"tools {sorted(tools)}")
        required = {name: tool.input_schema.get("required", []) for name, tool in tools.items()}
        check(required == {"match": ["text"], "show": ["id"], "scan": [], "code": ["code"]}, f"required {required}")
        check(set(tools["match"].input_schema["properties"]) == {"text", "limit", "product", "kind", "min_confidence"},
              "match's arguments")
        check(set(tools["scan"].input_schema["properties"]) == {"text", "path"}, "scan's arguments")
        check("`code` for an error code alone" in tools["match"].description, "match says when to use code")
        check(all(tool.annotations.read_only_hint for tool in tools.values()), "read-only tools")

        # match: the README's example, its blog post first, the very object of `match --json`.
        result = await session.call_tool("match", {"text": README_PASTE})
        expected = command_json(kbmatch, "match", "--index", str(index), README_PASTE)
        check(not result.is_error, f"match failed: {result.content}")
        check(result.structured_content == expected, "match: the object of `match --json`")
        check(result.structured_content["results"][0]["id"] == BLOG_POST, "match: the blog post first")
        check(result.structured_content["likely_answer"] is True, "match: a likely answer")
        check(result.structured_content["likely_answer"] is True, "match: likely to answer")
        check(result.content[0].text.startswith(" 1. /kbmatch-notes/2011/08/05/package-stuck"), "match's text")
        # With options: the KB articles only, at most 2.
        result = await session.call_tool("match", {"text": README_PASTE, "kind": "kb", "limit": 2})
        expected = command_json(kbmatch, "match", "--index", str(index), "--kind", "kb", "--limit", "2", README_PASTE)
        check(result.structured_content == expected, "match with kind and limit")
        check([h["kind"] for h in result.structured_content["results"]] == ["kb", "kb"], "two KB articles")

        # show: the whole article.
        result = await session.call_tool("show", {"id": "Q900001"})
        expected = command_json(kbmatch, "show", "--index", str(index), "Q900001")
        check(result.structured_content == expected, "show: the object of `show --json`")
        check(expected["title"] == "SMS: Distribution Manager Retries Create Many Package Jobs", "show's title")
        check(result.content[0].text.startswith("Q900001"), f"show's text: {result.content[0].text[:80]}")

        # scan: a log's text, then a log by path and a folder.
        result = await session.call_tool("scan", {"text": LOG})
        # The same report as `scan --json -`, the log named "<text>" instead of "<stdin>".
        expected = command_json(kbmatch, "scan", "--index", str(index), "-", stdin=LOG)
        expected = json.loads(json.dumps(expected).replace('"<stdin>"', '"<text>"'))
        report = result.structured_content
        check((report["lines"], len(report["findings"])) == (4, 1), f"scan: {report['lines']} lines")
        finding = report["findings"][0]
        check((finding["count"], finding["first_line"], finding["last_line"]) == (2, 2, 4), f"finding {finding}")
        check(finding["hits"][0]["id"] == "Q900006", "scan: Q900006 first")
        check(report == expected, "scan: the object of `scan --json -`")
        check("1 message in 4 lines (4 entries), 1 with an article" in result.content[0].text, f"scan's text: {result.content[0].text[:80]}")
        path = str(logs / "despool.log")
        result = await session.call_tool("scan", {"path": path})
        check(result.structured_content == command_json(kbmatch, "scan", "--index", str(index), path),
              "scan by path: the object of `scan --json PATH`")
        result = await session.call_tool("scan", {"path": str(logs / "inner")})
        check(result.structured_content["findings"][0]["hits"][0]["id"] == "Q900006", "scan of a folder")

        # code: the forms and the articles that quote it.
        result = await session.call_tool("code", {"code": "0x80041001"})
        expected = command_json(kbmatch, "code", "--index", str(index), "0x80041001")
        check(result.structured_content == expected, "code: the object of `code --json`")
        check(expected["decoded"] == "HRESULT 0x80041001, FACILITY_ITF", f"decoded {expected['decoded']}")
        check(expected["forms"]["signed_decimal"] == -2147217407, "the signed decimal form")
        check([h["id"] for h in expected["results"]] == ["runbooks/inventoryagent-80041001-after-mof-edit.md"],
              "code: the runbook that quotes it")
        check("Articles that quote it:" in result.content[0].text, "code's text")

        # 200 calls in a row: the memory after the last at most 10 % above after the first (it may give memory back)
        # (before the bad inputs, whose 8 MiB text would still be in the first figure).
        pastes = [README_PASTE, "Despooler failed to execute the instruction, error code = 38a", "2328",
                  "0x80041001", "status message 2339 repeated", "error 679 3304 site database"]
        started = time.perf_counter()
        for n in range(CALLS):
            result = await session.call_tool("match", {"text": pastes[n % len(pastes)]})
            check(not result.is_error and result.structured_content["results"], f"call {n + 1}")
            if n == 0:
                first = rss_kib(pid)
        seconds = time.perf_counter() - started
        last = rss_kib(pid)
        check(last - first <= first / 10, f"memory grew: after call 1 {first} KiB, after call {CALLS} {last} KiB")

        # Resources: every article, the template, one article read.
        listed = await session.list_resources()
        check(sorted(r.uri for r in listed.resources) == sorted("kb://" + i for i in SAMPLE_IDS), "resources")
        templates = await session.list_resource_templates()
        check([t.uri_template for t in templates.resource_templates] == ["kb://{id}"], "template kb://{id}")
        read = await session.read_resource("kb://Q900001")
        text, data = read.contents
        check((text.mime_type, data.mime_type) == ("text/plain", "application/json"), "resource's types")
        check("SMS: Distribution Manager Retries Create Many Package Jobs" in text.text, "resource's text")
        check(json.loads(data.text) == command_json(kbmatch, "show", "--index", str(index), "Q900001"),
              "the resource's JSON: the object of `show --json`")

        # Bad input: an error each, and the server answers on.
        errors = [
            await tool_error(session, "find", {"text": "x"}, INVALID_PARAMS, "tool not found"),
            await refused(session, "match", {}, "failed to deserialize parameters: missing field `text`"),
            await refused(session, "match", {"text": 8}, "invalid type: integer `8`, expected a string"),
            await refused(session, "code", {"code": "8", "limit": "many"}, "invalid type: string \"many\""),
            await refused(session, "show", {"id": "Q900001", "format": "json"}, "unknown field `format`"),
            await refused(session, "show", {"id": "Q123456"}, "no article Q123456 in the index"),
            await refused(session, "scan", {"path": str(outside / "secret.log")}, "is outside the folders"),
            await refused(session, "scan", {"path": str(logs / ".." / "outside" / "secret.log")}, "is outside"),
            await refused(session, "scan", {"path": str(logs / "link.log")}, "is outside the folders"),
            await refused(session, "scan", {"path": str(logs)}, "holds link.log, a link to outside"),
            await refused(session, "scan", {"path": str(logs / "none.log")}, "No such file"),
            await refused(session, "scan", {}, "give one of `text`"),
            await refused(session, "scan", {"text": LOG, "path": str(logs)}, "give one of `text`"),
            await refused(session, "match", {"text": "x" * (MAX_QUERY_BYTES + 1)},
                          f"is {MAX_QUERY_BYTES + 1} bytes, more than {MAX_QUERY_BYTES}"),
            await refused(session, "code", {"code": "8" * (MAX_QUERY_BYTES + 1)}, "more than"),
            await refused(session, "scan", {"text": "x" * (MAX_LOG_BYTES + 1)}, f"more than {MAX_LOG_BYTES}"),
            await refused(session, "match", {"text": "  "}, "the query is empty"),
            await refused(session, "match", {"text": "error 8", "limit": 0}, "limit"),
            await refused(session, "match", {"text": "error 8", "kind": "wiki"}, "unknown kind"),
            await refused(session, "match", {"text": "error 8", "product": "Lotus Notes"}, "Lotus Notes"),
            await refused(session, "match", {"text": "error 8", "min_confidence": 2}, "from 0 to 1"),
        ]
        await still_answers(session)
        try:
            await session.read_resource("kb://Q123456")
            raise AssertionError("an unknown resource read")
        except MCPError as e:
            # -32002 before protocol 2026-07-28, -32602 from it on (the SDK's choice by version).
            check(e.code in (RESOURCE_NOT_FOUND, INVALID_PARAMS), f"unknown resource: code {e.code}")
            check("no article Q123456" in e.message, f"unknown resource: {e.message}")
            errors.append(e.message)
        await still_answers(session)
        check(Path(f"/proc/{pid}").exists(), "the server still runs")

        # The index rebuilt with one more runbook while the server runs: the
        # next call answers from the new build, with no restart.
        extra = work / "extra"
        extra.mkdir()
        (extra / "print-spooler-stuck.md").write_text(ADDED_RUNBOOK)
        corpus = command_json(kbmatch, "stats", "--index", str(index))["corpus"]
        args = [a for c in corpus + [str(extra)] for a in ("--corpus", c)]
        rebuilt = subprocess.run([kbmatch, "index", "--index", str(index), *args], capture_output=True, text=True)
        check(rebuilt.returncode == 0, f"kbmatch index: {rebuilt.stderr}")
        result = await session.call_tool("show", {"id": "print-spooler-stuck.md"})
        check(not result.is_error and result.structured_content["title"] == "Print jobs stay in the spooler queue",
              f"the rebuilt index answers: {result.content[0].text[:120]}")
        await still_answers(session)

    print(f"{len(errors)} bad inputs answered with an error each, the server answering on:")
    for message in errors:
        print(f"  {message.splitlines()[0][:110]}")
    print(f"memory (VmRSS) after call 1: {first} KiB, after call {CALLS}: {last} KiB "
          f"({(last - first) / first:+.1%})")
    print(f"{CALLS} match calls in {seconds:.2f} s: {seconds / CALLS * 1000:.1f} ms a call")
    print("all MCP checks passed")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    kbmatch, index, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    os.environ.pop("KBMATCH_INDEX", None)
    asyncio.run(run(kbmatch, index, work))


if __name__ == "__main__":
    main()
