//! The entry reader's unit tests.
use super::*;

fn entry(message: &str, line: usize) -> LogEntry {
    LogEntry { message: message.to_string(), line, ..Default::default() }
}

#[test]
fn sms_component_log_line() {
    let got = parse(
        "Cannot update the package server [\"Display=\\\\DP02\\\"]MSWNET:[\"SMS_SITE=SYD\"]\\\\DP02\\ for package SYD00045, error = 8~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:10.123-600><thread=4404 (0x1134)>",
    );
    assert_eq!(
        got,
        vec![LogEntry {
            message: "Cannot update the package server [\"Display=\\\\DP02\\\"]MSWNET:[\"SMS_SITE=SYD\"]\\\\DP02\\ for package SYD00045, error = 8".into(),
            component: Some("SMS_DISTRIBUTION_MANAGER".into()),
            time: Some("08-03-2011 10:02:10.123-600".into()),
            line: 1,
            ..Default::default()
        }]
    );
}

#[test]
fn sms_lines_with_double_tilde_and_short_tail() {
    let got = parse(
        "Return code = 0x2; cannot find the file.~~; Program terminated~  $$<SMS_SCHEDULER><08-23-2001 00:16:52.329-480><thread=8850 (0x2292)>\n\
         Starting cycle $$<Configuration Manager Setup>\n",
    );
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].message, "Return code = 0x2; cannot find the file.~~; Program terminated");
    assert_eq!(got[0].component.as_deref(), Some("SMS_SCHEDULER"));
    assert_eq!(
        (got[1].message.as_str(), got[1].component.as_deref(), got[1].line),
        ("Starting cycle", Some("Configuration Manager Setup"), 2)
    );
}

#[test]
fn sms_message_wrapped_before_its_tail() {
    let got = parse(
        "Begin processing.~\nLoad of DLL failed~  $$<SMS_EXECUTIVE><01-24-1999 20:28:46.908+600><thread=4764 (0x129C)>",
    );
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].message, "Begin processing.~ Load of DLL failed");
    assert_eq!(got[0].line, 1);
}

#[test]
fn cmtrace_records() {
    let got = parse(
        "<![LOG[The product was not registered.]LOG]!><time=\"07:48:31.398-600\" date=\"01-27-2001\" component=\"sms_distribution_manager\" context=\"\" type=\"3\" thread=\"2458\" file=\"distmgr.cpp:3194\">\n\
         <![LOG[Second\nline two]LOG]!><time=\"07:48:32.000-600\" date=\"01-27-2001\" component=\"SMS_EXECUTIVE\" context=\"\" type=\"1\" thread=\"1\" file=\"x.cpp:1\">",
    );
    assert_eq!(
        got,
        vec![
            LogEntry {
                message: "The product was not registered.".into(),
                component: Some("sms_distribution_manager".into()),
                severity: Some("3".into()),
                time: Some("01-27-2001 07:48:31.398-600".into()),
                line: 1,
                ..Default::default()
            },
            LogEntry {
                message: "Second line two".into(),
                component: Some("SMS_EXECUTIVE".into()),
                severity: Some("1".into()),
                time: Some("01-27-2001 07:48:32.000-600".into()),
                line: 2,
                ..Default::default()
            },
        ]
    );
}

#[test]
fn client_log_tab_separated() {
    let got = parse(
        "Updating policy CCM_Policy_Policy4.PolicyID=\"SMS00001-{7c1e9a02-44d8-4b6e-a3f1-0b5d2e8c9f11}\"\tPolicyAgent_PolicyEvaluator\t03/09/2011 2:14:55 PM\t4012 (0x0FAC)",
    );
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].message,
        "Updating policy CCM_Policy_Policy4.PolicyID=\"SMS00001-{7c1e9a02-44d8-4b6e-a3f1-0b5d2e8c9f11}\""
    );
    assert_eq!(got[0].component.as_deref(), Some("PolicyAgent_PolicyEvaluator"));
    // The same line as a blog renders it, with runs of spaces for tabs.
    let got =
        parse("Applying policy SMS00001    PolicyAgent_PolicyEvaluator    16/08/2011 8:23:41 AM    3624 (0x0E28)");
    assert_eq!(
        (got[0].message.as_str(), got[0].component.as_deref()),
        ("Applying policy SMS00001", Some("PolicyAgent_PolicyEvaluator"))
    );
}

#[test]
fn event_viewer_block() {
    let got = parse(
        "Event Type:\tError\nEvent Source:\tApplication Popup\nEvent Category:\tNone\nEvent ID:\t26\nDate:\t\t10-21-2001\nComputer:\tMEL-SQL01\nDescription:\nThe first line of the\ndescription, wrapped.\n",
    );
    assert_eq!(
        got,
        vec![LogEntry {
            message: "The first line of the description, wrapped.".into(),
            severity: Some("error".into()),
            event_source: Some("Application Popup".into()),
            event_id: Some(26),
            time: Some("10-21-2001".into()),
            computer: Some("MEL-SQL01".into()),
            line: 1,
            ..Default::default()
        }]
    );
}

#[test]
fn event_viewer_new_style_with_xml() {
    let got = parse(
        "Log Name:      Application\nSource:        MSExchangeIS\nEvent ID:      9646\nLevel:         Warning\nDescription:\nMapi session exceeded the maximum.\nEvent Xml:\n<Event/>",
    );
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].message, "Mapi session exceeded the maximum.");
    assert_eq!(
        (got[0].event_id, got[0].event_source.as_deref(), got[0].severity.as_deref()),
        (Some(9646), Some("MSExchangeIS"), Some("warning"))
    );
}

#[test]
fn event_on_one_line() {
    let got = parse("Source: Hyper-V-VMMS  Event ID: 16310  Failed to load the configuration (ID 8D2F41A7)");
    assert_eq!(
        (got[0].message.as_str(), got[0].event_id, got[0].event_source.as_deref()),
        ("Failed to load the configuration (ID 8D2F41A7)", Some(16310), Some("Hyper-V-VMMS"))
    );
    let got = parse(
        "Event ID: 5000 Source: MSExchangeIS Category: none Type: Error Unable to start the service. Error 4021.",
    );
    assert_eq!(
        (got[0].message.as_str(), got[0].event_id, got[0].severity.as_deref()),
        ("Unable to start the service. Error 4021.", Some(5000), Some("error"))
    );
    let got = parse("Event ID 7022 Source: Service Control Manager Description: The service hung on startup");
    assert_eq!(
        (got[0].message.as_str(), got[0].event_id, got[0].event_source.as_deref()),
        ("The service hung on startup", Some(7022), Some("Service Control Manager"))
    );
    // No label or double space between the source and the message: the
    // run is the message (where the source ends cannot be told).
    let got =
        parse("Event ID 7022 Source: Service Control Manager The Windows Internet Name Service hung on starting.");
    assert_eq!(
        (got[0].message.as_str(), got[0].event_id, got[0].event_source.as_deref()),
        ("Service Control Manager The Windows Internet Name Service hung on starting.", Some(7022), None)
    );
    let got = parse("Event ID 4014 Source: Distributed File System");
    assert_eq!(
        (got[0].message.as_str(), got[0].event_id, got[0].event_source.as_deref()),
        ("", Some(4014), Some("Distributed File System"))
    );
}

#[test]
fn timestamped_lines_with_severity() {
    let got = parse(
        "2011-08-03 10:02:10 ERROR Cannot connect to the server\n10-18-2003 13:14:15.225 [SERVER01] ERROR Wrote the file\n  and went on\n[WARN] Low disk space\n<03-13-2000 17:40:49>FAILED Sql Script",
    );
    assert_eq!(
        got,
        vec![
            LogEntry {
                message: "Cannot connect to the server".into(),
                severity: Some("error".into()),
                time: Some("2011-08-03 10:02:10".into()),
                line: 1,
                ..Default::default()
            },
            LogEntry {
                message: "Wrote the file and went on".into(),
                severity: Some("error".into()),
                time: Some("10-18-2003 13:14:15.225".into()),
                line: 2,
                ..Default::default()
            },
            LogEntry {
                message: "Low disk space".into(),
                severity: Some("warn".into()),
                line: 4,
                ..Default::default()
            },
            LogEntry { time: Some("03-13-2000 17:40:49".into()), ..entry("FAILED Sql Script", 5) },
        ]
    );
}

#[test]
fn error_prefix_is_kept_in_the_message() {
    let got = parse("Error: 0x2AF9 Occurred while running webhits.exe");
    assert_eq!(got[0].message, "Error: 0x2AF9 Occurred while running webhits.exe");
    assert_eq!(got[0].severity.as_deref(), Some("error"));
}

#[test]
fn plain_paragraphs() {
    let got = parse("Could not load language\nDLL _MIFGEN.DLL\n\n  second   paragraph\r\n");
    assert_eq!(got, vec![entry("Could not load language DLL _MIFGEN.DLL", 1), entry("second paragraph", 4)]);
    assert_eq!(parse(""), Vec::<LogEntry>::new());
    assert_eq!(parse("\n \n"), Vec::<LogEntry>::new());
}

#[test]
fn text_around_cmtrace_records() {
    let got = parse("first words\n<![LOG[inner]LOG]!><time=\"1\" component=\"c\">\nafter");
    assert_eq!(
        got.iter().map(|e| (e.message.as_str(), e.line)).collect::<Vec<_>>(),
        vec![("first words", 1), ("inner", 2), ("after", 3)]
    );
}

fn log(text: &str) -> Vec<(String, usize, usize)> {
    let mut reader = EntryReader::new(Layout::Log);
    let mut out = Vec::new();
    for line in text.lines() {
        reader.push_line(line);
        while let Some(p) = reader.next_entry() {
            out.push((p.entry.message, p.entry.line, p.last_line));
        }
    }
    reader.finish();
    out.extend(std::iter::from_fn(|| reader.next_entry()).map(|p| (p.entry.message, p.entry.line, p.last_line)));
    out
}

fn owned(v: &[(&str, usize, usize)]) -> Vec<(String, usize, usize)> {
    v.iter().map(|(m, a, b)| (m.to_string(), *a, *b)).collect()
}

#[test]
fn a_log_keeps_plain_lines_apart_where_a_paste_joins_them() {
    let text = "starting\nfailed to connect to db01\n\ndone";
    assert_eq!(log(text), owned(&[("starting", 1, 1), ("failed to connect to db01", 2, 2), ("done", 4, 4)]));
    assert_eq!(
        parse(text).iter().map(|e| e.message.as_str()).collect::<Vec<_>>(),
        vec!["starting failed to connect to db01", "done"]
    );
    // In both, plain lines before an SMS tail are the start of its message.
    let wrapped = "Package SYD00045 has been sent to:~\nall distribution points~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:10.123-600><thread=1 (0x1)>";
    assert_eq!(log(wrapped), owned(&[("Package SYD00045 has been sent to:~ all distribution points", 1, 2)]));
    // Only an indented line continues a timestamped one in a log.
    let stamped = "2011-08-03 10:02:10 ERROR Cannot connect\n   at Foo.Bar()\nnext line";
    assert_eq!(log(stamped), owned(&[("Cannot connect at Foo.Bar()", 1, 2), ("next line", 3, 3)]));
}

#[test]
fn entries_come_out_as_lines_are_pushed() {
    let mut reader = EntryReader::new(Layout::Log);
    reader.push_line("Sleeping for 60 minutes~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:11.000-600><thread=4404 (0x1134)>\r\n");
    let p = reader.next_entry().expect("an SMS line is finished at once");
    assert_eq!(
        (p.entry.message.as_str(), p.entry.time.as_deref()),
        ("Sleeping for 60 minutes", Some("08-03-2011 10:02:11.000-600"))
    );
    assert!(p.raw.ends_with("(0x1134)>"));
    // A CMTrace record over three lines comes out at its end.
    reader.push_line("<![LOG[Failed to open");
    reader.push_line("the file");
    assert!(reader.next_entry().is_none());
    reader.push_line("]LOG]!><time=\"07:48:31.398-600\" date=\"01-27-2001\" component=\"x\" type=\"3\">");
    let p = reader.next_entry().expect("record");
    assert_eq!((p.entry.message.as_str(), p.entry.line, p.last_line), ("Failed to open the file", 2, 4));
    assert_eq!(reader.lines(), 4);
}

#[test]
fn a_log_entry_is_bounded() {
    // An event description of 200 lines ends at the bound; the rest are lines of their own.
    let text = format!("Event Type: Error\nDescription: it went wrong\n{}", "more\n".repeat(200));
    let got = log(&text);
    assert_eq!((got[0].1, got[0].2), (1, MAX_ENTRY_LINES));
    assert_eq!(got.len(), 1 + 202 - MAX_ENTRY_LINES);
    // A CMTrace record that never closes: its lines are read as text, none lost.
    let text = format!("<![LOG[never closed\n{}", "more\n".repeat(200));
    let got = log(&text);
    assert_eq!((got.len(), got[0].0.as_str(), got[200].1), (201, "<![LOG[never closed", 201));
}

/// (message, component, severity, time, line) of an entry.
type Fields = (String, Option<String>, Option<String>, Option<String>, usize);

/// (message, component, severity, time, line) of each entry of a log.
fn fields(text: &str) -> Vec<Fields> {
    let mut reader = EntryReader::new(Layout::Log);
    for line in text.lines() {
        reader.push_line(line);
    }
    reader.finish();
    std::iter::from_fn(|| reader.next_entry())
        .map(|p| (p.entry.message, p.entry.component, p.entry.severity, p.entry.time, p.entry.line))
        .collect()
}

fn row(
    message: &str,
    component: Option<&str>,
    severity: Option<&str>,
    time: Option<&str>,
    line: usize,
) -> (String, Option<String>, Option<String>, Option<String>, usize) {
    (message.into(), component.map(Into::into), severity.map(Into::into), time.map(Into::into), line)
}

#[test]
fn servicing_logs_cbs_dism_and_setup() {
    // DISM: the process and thread ids are context; an indented line
    // continues the entry; a process's own line keeps its message only.
    let dism = "2019-04-17 10:07:38, Info                  DISM   DISM Provider Store: PID=1884 TID=1248 Connecting to the provider - CDISMProviderStore::Internal_LoadProvider\n\
        2019-04-17 10:07:47, Error                 CBS    Failed to load offline store [HRESULT = 0x80070020 - ERROR_SHARING_VIOLATION]\n\
        \x20   and the rest of it\n\
        [1884] [0x80070002] FIOReadFileIntoBuffer:(1381): The system cannot find the file specified.\n\
        2019-04-17 10:07:47, Info                  CSI    00000001@2019/4/17:14:07:47.810 WcpInitialize called\n\
        2024-01-25 16:35:37, Error      [0x0f0070] SYSPRP RunDlls:An error occurred, halting sysprep execution. dwRet = 0x3cf2\n\
        2024-01-25 16:35:38, Warning               a message with no component\n";
    assert_eq!(
        fields(dism),
        vec![
            row(
                "DISM Provider Store: Connecting to the provider - CDISMProviderStore::Internal_LoadProvider",
                Some("DISM"),
                Some("info"),
                Some("2019-04-17 10:07:38"),
                1
            ),
            row(
                "Failed to load offline store [HRESULT = 0x80070020 - ERROR_SHARING_VIOLATION] and the rest of it",
                Some("CBS"),
                Some("error"),
                Some("2019-04-17 10:07:47"),
                2
            ),
            row(
                "[0x80070002] FIOReadFileIntoBuffer:(1381): The system cannot find the file specified.",
                None,
                None,
                None,
                4
            ),
            row("WcpInitialize called", Some("CSI"), Some("info"), Some("2019-04-17 10:07:47"), 5),
            row(
                "RunDlls:An error occurred, halting sysprep execution. dwRet = 0x3cf2",
                Some("SYSPRP"),
                Some("error"),
                Some("2024-01-25 16:35:37"),
                6
            ),
            row("a message with no component", None, Some("warning"), Some("2024-01-25 16:35:38"), 7),
        ]
    );
}

#[test]
fn windows_installer_verbose_log() {
    let msi = "=== Verbose logging started: 1/2/2020  10:02:03  Build type: SHIP UNICODE 5.00.10011.00 ===\n\
        MSI (s) (7C:44) [10:02:03:123]: Product: Contoso Agent -- Installation failed.\n\
        CustomAction InstallAgent returned actual error code 1603\n\
        Action ended 10:02:04: InstallFinalize. Return value 3.\n";
    assert_eq!(
        fields(msi),
        vec![
            row(
                "=== Verbose logging started: 1/2/2020 10:02:03 Build type: SHIP UNICODE 5.00.10011.00 ===",
                None,
                None,
                None,
                1
            ),
            row("Product: Contoso Agent -- Installation failed.", Some("MSI (s)"), None, Some("10:02:03:123"), 2),
            row("CustomAction InstallAgent returned actual error code 1603", None, None, None, 3),
            row("Action ended 10:02:04: InstallFinalize. Return value 3.", None, None, None, 4),
        ]
    );
}

#[test]
fn windows_update_logs_old_and_new() {
    let wu = "2015-03-12\t08:45:01:123\t 964\t1a4c\tAgent\t  * WARNING: Exit code = 0x8024402C\n\
        2015-03-12\t08:45:02:000\t 964\t1a4c\tAgent\t  * Found 0 updates and 10 categories in search\n\
        2019/01/07 10:37:40.7264286 1084  13180 Agent           FATAL: Failed to synchronize, error = 0x80244022\n";
    assert_eq!(
        fields(wu),
        vec![
            row("Exit code = 0x8024402C", Some("Agent"), Some("warning"), Some("2015-03-12 08:45:01:123"), 1),
            row("Found 0 updates and 10 categories in search", Some("Agent"), None, Some("2015-03-12 08:45:02:000"), 2),
            row(
                "Failed to synchronize, error = 0x80244022",
                Some("Agent"),
                Some("fatal"),
                Some("2019/01/07 10:37:40.7264286"),
                3
            ),
        ]
    );
}

#[test]
fn configmgr_client_logs_cmtrace_ccmsetup_and_smsts() {
    // The severity is CMTrace's `type`: 1 routine, 2 warning, 3 error.
    let ccm = "<![LOG[Failed to correctly receive a WEBDAV HTTP request.. (StatusCode at WinHttpQueryHeaders: 401)]LOG]!><time=\"10:15:01.123+000\" date=\"05-04-2021\" component=\"ccmsetup\" context=\"\" type=\"3\" thread=\"2212\" file=\"ccmsetup.cpp:1234\">\n\
        <![LOG[CcmSetup failed with error code 0x80190194]LOG]!><time=\"10:15:02.000+000\" date=\"05-04-2021\" component=\"ccmsetup\" context=\"\" type=\"1\" thread=\"2212\" file=\"ccmsetup.cpp:99\">\n\
        <![LOG[Set a global environment variable _SMSTSNextInstructionPointer=12]LOG]!><time=\"10:16:00.000+000\" date=\"05-04-2021\" component=\"TSManager\" context=\"\" type=\"0\" thread=\"1\" file=\"\">\n";
    assert_eq!(
        fields(ccm),
        vec![
            row(
                "Failed to correctly receive a WEBDAV HTTP request.. (StatusCode at WinHttpQueryHeaders: 401)",
                Some("ccmsetup"),
                Some("3"),
                Some("05-04-2021 10:15:01.123+000"),
                1
            ),
            row(
                "CcmSetup failed with error code 0x80190194",
                Some("ccmsetup"),
                Some("1"),
                Some("05-04-2021 10:15:02.000+000"),
                2
            ),
            row(
                "Set a global environment variable _SMSTSNextInstructionPointer=12",
                Some("TSManager"),
                Some("0"),
                Some("05-04-2021 10:16:00.000+000"),
                3
            ),
        ]
    );
}

#[test]
fn sms_tails_by_hand_as_the_grammar_says() {
    assert_eq!(sms_tail("a~  $$<C><t><thread=1>"), Some(("a", "C", Some("t"))));
    assert_eq!(sms_tail("a $$<C><thread=1 (0x1)>  "), Some(("a", "C", None)));
    assert_eq!(sms_tail("a $$<C>"), Some(("a", "C", None)));
    assert_eq!(sms_tail("a $$<C> trailing words"), None);
    assert_eq!(sms_tail("a $$<b<c>"), None);
    assert_eq!(sms_tail("x $$<not it> y $$<C><t>"), Some(("x $$<not it> y", "C", Some("t"))));
    // A time wrapped onto the next line, joined with a space.
    assert_eq!(sms_tail("a $$<C> <Fri Mar 26 10:43:41.547 1999><thread=281 (0x119)>"), Some(("a", "C", Some("Fri Mar 26 10:43:41.547 1999"))));
}

#[test]
fn a_quoted_component_log_is_read_line_by_line() {
    // Sitecomp.log as an article quotes it, wrapped where the page ended:
    // three lines, three messages.
    let quoted = [
        "Starting bootstrap operations...",
        "$$<SMS_SITE_COMPONENT_MANAGER>",
        "<Fri Mar 26 10:43:41.547 1999 Eastern Standard Time><thread=281 (0x119)>",
        "Component file list item in the install map for component SMS_INBOX_MANAGER_ASSISTANT does not contain",
        "Srvboot.exe.  $$<SMS_SITE_COMPONENT_MANAGER><Fri Mar 26 10:43:41.547 1999><thread=281 (0x119)>",
        "Bootstrap operations aborted.  $$<SMS_SITE_COMPONENT_MANAGER>",
        "<Fri Mar 26 10:43:41.547 1999 Eastern Standard Time><thread=281 (0x119)>",
    ];
    assert_eq!(
        sms_messages(&quoted),
        vec![
            "Starting bootstrap operations...",
            "Component file list item in the install map for component SMS_INBOX_MANAGER_ASSISTANT does not contain Srvboot.exe.",
            "Bootstrap operations aborted."
        ]
    );
    // Text after the last tail is a line of its own; a `$$<` that starts
    // no tail is text; no line ending in a tail, no log.
    assert_eq!(sms_messages(&["SQL>>>>> Done.  $$<SMS_INVENTORY_DATA_LOADER>", "then more"]), vec!["SQL>>>>> Done.", "then more"]);
    assert_eq!(sms_messages(&["costs $$<5 a $$<C>"]), vec!["costs $$<5 a"]);
    assert_eq!(sms_messages(&["Access is denied."]), Vec::<String>::new());
    assert_eq!(sms_messages(&["type G$$<TrustedDomainName> in the box", "and click OK."]), Vec::<String>::new());
    assert_eq!(sms_messages(&["it costs $$<5"]), Vec::<String>::new());
    // A component's name wrapped; the time left out.
    assert_eq!(
        sms_messages(&["CLASS - Process Class: Win32_NTLogEvent $$<Hardware Inventory", "Agent><Fri May 05 10:00:21.186 2000><thread=175 (0xAF)>"]),
        vec!["CLASS - Process Class: Win32_NTLogEvent"]
    );
    assert_eq!(
        sms_messages(&["~SQL Err #10007> General SQL Server error.~ $$<SMS_OFFER_MANAGER>...<thread=1720 (0x6B8)> ~SQL Msg", "#3606> Arithmetic overflow occurred.~", "$$<SMS_OFFER_MANAGER>...<thread=1720 (0x6B8)>"]),
        vec!["SQL Err #10007> General SQL Server error.", "SQL Msg #3606> Arithmetic overflow occurred."]
    );
    // What a page's wrapping left of a tail: its end at the next line's
    // start, a time cut short, the page's line breaks.
    assert_eq!(
        sms_messages(&["~Trusted domain: DOMAINB $$<SMS_SITE_CONFIG_MANAGER><Wed Jun 18"]),
        vec!["Trusted domain: DOMAINB"]
    );
    assert_eq!(
        sms_messages(&["1997~><thread=12E> ~NetServerGetInfo server: SERVER return: 5 $$<SMS_SITE_CONFIG_MANAGER><"]),
        vec!["NetServerGetInfo server: SERVER return: 5"]
    );
    assert_eq!(
        sms_messages(&["Waiting $$<CliEx32.dll><Thu Mar 18 15:06:47>", "<BR/> <BR/> Finished.  $$<CliEx32.dll>"]),
        vec!["Waiting", "Finished."]
    );
    // A thread the message itself names stays.
    assert_eq!(
        sms_messages(&["Started worker thread=3 for <Job 7> $$<SMS_EXECUTIVE><thread=1 (0x1)>"]),
        vec!["Started worker thread=3 for <Job 7>"]
    );
}

mod props {
    use super::super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn parse_never_panics(s in ".{0,400}") {
            for e in parse(&s) {
                prop_assert!(e.line >= 1);
            }
        }

        #[test]
        fn parse_never_panics_on_log_like_text(s in "(\\$\\$<|<!\\[LOG\\[|\\]LOG\\]!>|Event ID:|Source:|Description:|Type:|\t|\n|~|[a-z0-9 :<>=\"]){0,120}") {
            for e in parse(&s) {
                prop_assert!(e.line >= 1 && e.line <= s.lines().count().max(1) + 1);
            }
        }
    }
}
