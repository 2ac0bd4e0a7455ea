//! The signal extractor's unit tests.
use super::*;

fn ev(id: u32, source: Option<&str>) -> EventId {
    EventId { id, source: source.map(str::to_string) }
}

#[test]
fn status_message_ids_in_their_usual_forms() {
    let s = extract(
        "Message ID: 2328 - SMS Distribution Manager failed.\n\
         You may see status message 2302 and status messages 615, 616 and 620.\n\
         Look for message ID 10004, Status message ID 5436 and Message Number: 41301.\n\
         ID=3400: SMS Scheduler does not have an address defined.",
    );
    assert_eq!(s.message_ids, vec![615, 616, 620, 2302, 2328, 3400, 5436, 10004, 41301]);
}

#[test]
fn message_id_ranges_expand_when_small() {
    let s = extract("status messages 4000 through 4003 are informational");
    assert_eq!(s.message_ids, vec![4000, 4001, 4002, 4003]);
}

#[test]
fn a_bare_number_is_not_a_message_id() {
    assert_eq!(extract("2328").message_ids, Vec::<u32>::new());
    assert_eq!(extract("the message was sent 5 times").message_ids, Vec::<u32>::new());
}

#[test]
fn event_ids_with_and_without_source() {
    let s = extract(
        "Event ID: 4014\nSource: MSExchangeIS Private\nType: Error\n\n\
         Later EventID 4065 was logged, and event 1000 too.\n\n\
         Event Source:\tApplication Popup\nEvent ID:\t26\n",
    );
    assert_eq!(
        s.event_ids,
        vec![
            ev(26, Some("Application Popup")),
            ev(1000, None),
            ev(4014, Some("MSExchangeIS Private")),
            ev(4065, None)
        ]
    );
}

#[test]
fn one_line_event_header_takes_the_source_up_to_the_next_label() {
    let s = extract("Event ID 7022 Source: Service Control Manager Description: The service hung");
    assert_eq!(s.event_ids, vec![ev(7022, Some("Service Control Manager"))]);
    let s = extract("event id: 3018 source: imc description: disk space is low");
    assert_eq!(s.event_ids, vec![ev(3018, Some("imc"))]);
}

#[test]
fn event_lists_and_prose_numbers() {
    let s = extract("DHCP fails with event 1007, 1008 and 7023. The event 3 times. Event ID 5 occurs.");
    assert_eq!(s.event_ids, vec![ev(5, None), ev(1007, None), ev(1008, None), ev(7023, None)]);
    // A date after "Event:" is not an ID.
    assert_eq!(extract("Event: 10/25/93").event_ids, Vec::<EventId>::new());
}

#[test]
fn hex_error_codes_are_normalised() {
    let s = extract("hr=0x80041001; failed with error 0x5 and 0XC000021A; address 0x0207a96e");
    // `error 0x5` is Win32 error 5 too.
    assert_eq!(s.error_codes, vec!["0x00000005", "0x0207a96e", "0x80041001", "0xc000021a", "win32:5"]);
}

#[test]
fn bare_hex_only_where_the_text_calls_it_a_code() {
    let s = extract("error 80041001; Error code 80070005 returned 8007000e; ID no: c0020017");
    assert_eq!(s.error_codes, vec!["0x80041001", "0x80070005", "0x8007000e", "0xc0020017"]);
    // Not a code: a GUID group, a plain number, a word.
    let s = extract("error in {7c1e9a02-44d8-4b6e-a3f1-0b5d2e8c9f11}; the file 12345678 is fine; decade");
    assert_eq!(s.error_codes, Vec::<String>::new());
    let s = extract("Application object error 'ASP 0197 : 80004005'");
    assert_eq!(s.error_codes, vec!["0x80004005"]);
}

#[test]
fn win32_error_numbers() {
    let s = extract(
        "Cannot update the package server, error = 8\nWin32 Error = 3\nfailed with error 1326\n\
         error code 5; return code = 2; win32 return = 2453; Error 0020: device; error - 1022",
    );
    assert_eq!(
        s.error_codes,
        vec![
            "0x80070003",
            "0x80070995",
            "win32:1022",
            "win32:1326",
            "win32:2",
            "win32:20",
            "win32:2453",
            "win32:3",
            "win32:5",
            "win32:8"
        ]
    );
}

#[test]
fn a_row_of_an_error_table_names_its_number() {
    // The archive's lists of Windows NT error codes.
    let text = "Code  Name                                  Description\n\
                1314L ERROR_PRIVILEGE_NOT_HELD              A required privilege is not\n\
                \x20                                         held by the client.\n\
                1727L RPC_S_CALL_FAILED_DNE                 The remote procedure call\n\
                70000 ERROR_NOT_A_ROW                       too large for Win32\n";
    let (s, facts) = extract_with_code_facts(text);
    // The table is about no one code: its rows teach names only.
    assert_eq!(
        s.error_codes,
        ["name:ERROR_NOT_A_ROW", "name:ERROR_PRIVILEGE_NOT_HELD", "name:RPC_S_CALL_FAILED_DNE"]
    );
    let names: Vec<(&str, &str)> = facts
        .iter()
        .filter(|f| f.kind == crate::article::FactKind::Name)
        .map(|f| (f.code.as_str(), f.text.as_str()))
        .collect();
    assert_eq!(names, [("win32:1314", "ERROR_PRIVILEGE_NOT_HELD"), ("win32:1727", "RPC_S_CALL_FAILED_DNE")]);
}

#[test]
fn every_form_of_a_win32_error_is_that_error() {
    let forms = [
        "System error 1450 has occurred.",
        "Win32 Error = 1450",
        "GetLastError() returned 1450",
        "GetLastError returns 1450",
        "net helpmsg 1450",
        "failed with error 0x5AA",
        "hr=0x800705aa",
        "Error code 800705aa",
        "the script printed -2147023446",
        "Err.Number &H800705AA",
        "error 2147943850",
    ];
    for form in forms {
        let terms = crate::index::document::signal_terms(&extract(form));
        assert!(terms.contains(&"err:win32:1450".to_string()), "{form}: {terms:?}");
    }
    // Where the text leaves no doubt that it is Win32's error, it is the
    // HRESULT too; a bare `error 1450` may be any program's.
    assert!(extract("System error 1450 has occurred").error_codes.contains(&"0x800705aa".to_string()));
    assert_eq!(extract("setup error 1450").error_codes, vec!["win32:1450"]);
    assert_eq!(extract("ERROR_NO_SYSTEM_RESOURCES").error_codes, vec!["name:ERROR_NO_SYSTEM_RESOURCES"]);
    assert_eq!(extract("PRINTER_STATUS_BUSY = &H200").error_codes, vec!["0x00000200"]);
    // Not codes: a date, a phone number, a small negative number.
    assert_eq!(extract("-1 on 2003-10-18; call 4255551212; -12345").error_codes, Vec::<String>::new());
}

#[test]
fn numbers_that_are_not_error_codes() {
    let s = extract("error = 0 means success; 2 errors in 5 files; error 1 of 3; Error: 10/25/93; error 4.0");
    assert_eq!(s.error_codes, Vec::<String>::new());
}

#[test]
fn bare_hex_words_are_the_pattern_matches_that_hold_a_digit() {
    let pattern = Regex::new(r"(?-u:\b)[0-9a-f]{8}(?-u:\b)").unwrap();
    let text = "code 8007000e, x8007000e 8007000e_a é80070005é deadbeef 1234567 123456789 \
                c000021a\n00000000-0000 ab12cd34";
    let expected: Vec<(usize, usize)> = pattern
        .find_iter(text)
        .filter(|m| m.as_str().bytes().any(|b| b.is_ascii_digit()))
        .map(|m| (m.start(), m.end()))
        .collect();
    let found: Vec<(usize, usize)> = bare_hex_words(text).collect();
    assert_eq!(found, expected);
    let words: Vec<&str> = found.iter().map(|&(a, b)| &text[a..b]).collect();
    assert_eq!(words, ["8007000e", "80070005", "c000021a", "00000000", "ab12cd34"]);
}

#[test]
fn thread_ids_are_not_error_codes() {
    let s = extract(
        "Cannot copy~  $$<SMS_DESPOOLER><07-13-2002 11:18:26.353+600><thread=2612 (0xA34)>\nx\tComp\t03/09/2011 2:14:55 PM\t4012 (0x0FAC)",
    );
    assert_eq!(s.error_codes, Vec::<String>::new());
    let s = extract("Error code 64 (0x40) and 12 (0x1f)");
    assert_eq!(s.error_codes, vec!["0x0000001f", "0x00000040", "win32:64"]);
}

#[test]
fn stop_codes() {
    let s = extract("STOP 0x0000001E here, STOP: 0x0000000A (0xfbc84000, 0x2) and STOP: c000026c");
    assert_eq!(
        s.error_codes,
        vec!["0x00000002", "0xfbc84000", "stop:0x0000000a", "stop:0x0000001e", "stop:0xc000026c"]
    );
}

#[test]
fn a_bug_checks_name_where_the_text_says_it_is_one() {
    let names = |text: &str| -> Vec<String> {
        extract(text).error_codes.into_iter().filter(|c| c.starts_with("name:")).collect()
    };
    // The blue screen of Windows 8 and later names no number.
    assert_eq!(names("Your PC ran into a problem.\nStop code: CRITICAL_PROCESS_DIED"), ["name:CRITICAL_PROCESS_DIED"]);
    assert_eq!(names("a PROCESS1_INITIALIZATION_FAILED stop error"), ["name:PROCESS1_INITIALIZATION_FAILED"]);
    assert_eq!(names("a DRIVER_POWER_STATE_FAILURE blue screen"), ["name:DRIVER_POWER_STATE_FAILURE"]);
    // After its STOP code, its parameters between.
    assert_eq!(names("STOP 0x0000006B PROCESS1_INITIALIZATION_FAILED"), ["name:PROCESS1_INITIALIZATION_FAILED"]);
    assert_eq!(
        names("STOP: 0x0000007B (0xF741B84C,0xC0000034,0x00000000,0x00000000)\nINACCESSIBLE_BOOT_DEVICE"),
        Vec::<String>::new(),
        "the next line is another's"
    );
    assert_eq!(
        names("STOP: 0x0000007B (0xF741B84C,0xC0000034,0x00000000,0x00000000) INACCESSIBLE_BOOT_DEVICE"),
        ["name:INACCESSIBLE_BOOT_DEVICE"]
    );
    // Other capitals with underscores are no bug check's.
    assert_eq!(names("SMS_SITE_COMPONENT_MANAGER stopped; HKEY_LOCAL_MACHINE"), Vec::<String>::new());
    assert_eq!(names("STOP 0x0000000A, then SMS_EXECUTIVE restarted"), Vec::<String>::new());
    assert_eq!(names("STOP 0x0000001E SMS_DISTRIBUTION_MANAGER"), Vec::<String>::new());
    assert_eq!(names("STOP 0x0000001E HKEY_LOCAL_MACHINE\\SOFTWARE"), Vec::<String>::new());
    assert_eq!(names("STOP 0x0000001E MY_DRIVER_KEY\\Parameters"), Vec::<String>::new());
}

#[test]
fn smtp_status_codes_after_their_reply_code() {
    let s = extract(
        "451 4.4.0 DNS query failed; said: 550-5.7.26 blocked; 550 5.7.1 Unable to relay; \
         version 550 5.0.2195; 250 4.0.0 (classes differ); 4.4.7 alone",
    );
    assert_eq!(s.error_codes, vec!["smtp:4.4.0", "smtp:5.7.1", "smtp:5.7.26"]);
}

#[test]
fn registry_keys_as_written() {
    let s = extract(
        "Change HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_EXECUTIVE key, and then restart.\n\
         Open HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion.\n",
    );
    assert_eq!(
        s.registry_keys,
        vec![
            "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_EXECUTIVE",
            "HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion",
        ]
    );
}

#[test]
fn registry_key_wrapped_onto_next_line() {
    let s = extract("  HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\\n  SMS_EXECUTIVE\\Parameters\n");
    assert_eq!(
        s.registry_keys,
        vec!["HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SMS_EXECUTIVE\\Parameters"]
    );
    let s = extract("  HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\n  \\Services\\Tcpip\n");
    assert_eq!(s.registry_keys, vec!["HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip"]);
}

#[test]
fn log_and_program_files() {
    let s = extract(
        "See distmgr.log and C:\\SMS\\Logs\\Sched.log; Distmgr.dll, PREINST.EXE and _MIFGEN.DLL, sms_def.mof, \
         smsboot1.ini, run.bat, win.com and http://www.microsoft.com/ and *.log",
    );
    assert_eq!(s.log_files, vec!["distmgr.log", "sched.log"]);
    assert_eq!(
        s.file_names,
        vec!["_mifgen.dll", "distmgr.dll", "preinst.exe", "run.bat", "sms_def.mof", "smsboot1.ini"]
    );
}

#[test]
fn components_are_upper_case() {
    let s = extract(
        "$$<SMS_DISTRIBUTION_MANAGER> component=\"sms_executive\" SMS_SITE_COMPONENT_MANAGER; \
         [\"SMS_SITE=SYD\"]\\\\DP02\\SMS_SHR and \\\\srv\\SMS_SYD, sms_def.mof, CCM_Policy_Policy4",
    );
    assert_eq!(
        s.components,
        vec!["CCM_POLICY_POLICY4", "SMS_DISTRIBUTION_MANAGER", "SMS_EXECUTIVE", "SMS_SITE_COMPONENT_MANAGER"]
    );
    let s = extract("Copy Distmgr.dll to the <Sms_root_folder>\\Bin\\<Platform> folder; $$<SMS_DESPOOLER>");
    assert_eq!(s.components, vec!["SMS_DESPOOLER"]);
}

#[test]
fn referenced_articles() {
    let s = extract("see Q256986 and Q51261: titles; KB 2617545, KB article 123456; Windows Q1 2003");
    assert_eq!(s.articles, vec!["Q123456", "Q256986", "Q2617545", "Q51261"]);
}

#[test]
fn empty_and_junk() {
    assert_eq!(extract(""), Signals::default());
    let junk: String = (0..2000u32).map(|i| char::from_u32(i * 37 % 0x2000 + 1).unwrap_or('x')).collect();
    let _ = extract(&junk);
}

mod props {
    use super::super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn extract_never_panics(s in ".{0,400}") {
            let _ = extract(&s);
        }

        #[test]
        fn extract_never_panics_on_identifier_like_text(s in "(HKLM\\\\|HKEY_X\\\\|\\\\|\n|  |event id |source: |error |0x|stop |status message |[a-f0-9 .,:=]){0,120}") {
            let s = extract(&s);
            prop_assert!(s.error_codes.windows(2).all(|w| w[0] < w[1]));
        }
    }
}
