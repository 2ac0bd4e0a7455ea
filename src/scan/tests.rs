//! Unit tests of the scanner and triage.

use super::scanner::*;
use super::triage::{code_alone_cap, failure_roles, floods, level_name};
use super::*;


    fn scanner(text: &str) -> Scanner {
        let mut s = Scanner::new();
        s.read_text("a.log", text.as_bytes(), None).expect("in-memory read");
        s
    }

    fn counts(s: &Scanner) -> Vec<(String, u64, u64, u64)> {
        let mut v: Vec<_> = s
            .groups
            .iter()
            .filter(|g| g.class.is_problem())
            .map(|g| (g.template.clone(), g.count, g.places[0].1.first_line, g.places[0].1.last_line))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn sms_lines_grouped_by_template() {
        let log = "\
Cannot update the package server [\"Display=\\\\DP02\\\"]MSWNET:[\"SMS_SITE=SYD\"]\\\\DP02\\ for package SYD00045, error = 8~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:10.123-600><thread=4404 (0x1134)>
Sleeping for 60 minutes~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:02:11.000-600><thread=4404 (0x1134)>
Cannot update the package server [\"Display=\\\\DP07\\\"]MSWNET:[\"SMS_SITE=MEL\"]\\\\DP07\\ for package MEL0001A, error = 8~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 11:02:10.123-600><thread=4404 (0x1134)>
";
        let s = scanner(log);
        assert_eq!((s.files[0].lines, s.files[0].entries), (3, 3));
        assert_eq!(
            counts(&s),
            vec![("Cannot update the package server <*> for package <*>, error = 8".to_string(), 2, 1, 3)]
        );
        // The log's time span: first to last time written.
        assert_eq!(s.timeline.span().map(|(a, b)| b - a), Some(3600));
    }

    #[test]
    fn multi_line_entries_stay_together() {
        let log = "\
Begin processing.~
Load of DLL failed~  $$<SMS_EXECUTIVE><01-24-1999 20:28:46.908+600><thread=4764 (0x129C)>
<![LOG[Failed to open
the file]LOG]!><time=\"07:48:31.398-600\" date=\"01-27-2001\" component=\"x\" context=\"\" type=\"3\" thread=\"1\" file=\"a.cpp:1\">
Event Type:\tError
Event Source:\tSrv
Event ID:\t2019
Description:

The server was unable to allocate from the system nonpaged pool.

2011-08-03 10:02:10 ERROR Cannot connect
   at Foo.Bar()
plain routine line
";
        let s = scanner(log);
        assert_eq!((s.files[0].lines, s.files[0].entries), (14, 5));
        assert_eq!(
            counts(&s),
            vec![
                ("Begin processing.~ Load of DLL failed".to_string(), 1, 1, 1),
                ("Cannot connect at Foo.Bar()".to_string(), 1, 12, 12),
                ("Failed to open the file".to_string(), 1, 3, 3),
                ("The server was unable to allocate from the system nonpaged pool.".to_string(), 1, 5, 5),
            ]
        );
        let event = s.groups.iter().find(|g| g.template.starts_with("The server")).unwrap();
        assert_eq!(event.example.lines().count(), 5);
        assert_eq!((event.entry.event_id, event.entry.event_source.as_deref()), (Some(2019), Some("Srv")));
    }

    #[test]
    fn plain_lines_are_entries_of_their_own() {
        let s = scanner("starting\nfailed to connect to db01\nfailed to connect to db02\ndone, 0 errors\nerror = 0\n");
        assert_eq!((s.files[0].lines, s.files[0].entries), (5, 5));
        assert_eq!(
            counts(&s),
            vec![
                ("failed to connect to db01".to_string(), 1, 2, 2),
                ("failed to connect to db02".to_string(), 1, 3, 3)
            ]
        );
    }

    #[test]
    fn long_lines_and_bad_bytes_are_bounded() {
        let mut log = vec![b'x'; MAX_LINE_BYTES * 3];
        log.extend_from_slice(b"\nerror \xff\xfe here\r\n");
        let mut s = Scanner::new();
        s.read_text("a.log", &log[..], None).unwrap();
        assert_eq!((s.files[0].lines, s.files[0].entries), (2, 2));
        // Not UTF-8: Windows-1252, as every text kbmatch reads.
        assert_eq!(counts(&s)[0].0, "error \u{ff}\u{fe} here");
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let text = "ok\r\nfailed to start the service\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let mut s = Scanner::new();
        s.read_text("a.log", &bytes[..], None).unwrap();
        assert_eq!(counts(&s), vec![("failed to start the service".to_string(), 1, 2, 2)]);
    }

    #[test]
    fn routine_lines_differing_in_numbers_are_one_message() {
        let log = (0..300).map(|n| format!("Processing package SYD{n:05} (priority Medium)~  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:{:02}:00.000-600><thread=1 (0x1)>\n", n % 60)).collect::<String>();
        let s = scanner(&log);
        assert_eq!(s.groups.len(), 1);
        let g = s.groups.first().unwrap();
        assert_eq!((g.template.as_str(), g.count), ("Processing package <*> (priority Medium)", 300));
    }

    #[test]
    fn a_group_over_several_short_ids_shows_none_of_them() {
        let line = |id: &str| {
            format!("Package {id} has been updated successfully.  $$<SMS_DISTRIBUTION_MANAGER><08-03-2011 10:01:10.123-600><thread=4404 (0x1134)>\n")
        };
        let s = scanner(&["CEN0000", "CEN0001", "CEN0002", "CEN0003", "CEN0004"].map(line).concat());
        let templates: Vec<(&str, u64)> = s.groups.iter().map(|g| (g.template.as_str(), g.count)).collect();
        assert_eq!(templates, [("Package <*> has been updated successfully.", 5)]);
        // One ID alone is the message's own.
        let s = scanner(&line("CEN0000").repeat(3));
        assert_eq!(s.groups.first().map(|g| g.template.as_str()), Some("Package CEN0000 has been updated successfully."));
    }

    #[test]
    fn floods_stand_out_of_the_counts() {
        // Twenty messages a few times each, one a thousand times.
        let mut counts: Vec<u64> = (1..=20).map(|n| n % 5 + 1).collect();
        counts.push(1000);
        let f = floods(&counts);
        assert_eq!(f.iter().filter(|&&x| x).count(), 1);
        assert!(f[20]);
        // All alike: none; a message 36 times the median of equal counts is.
        assert!(!floods(&[7, 7, 7, 7]).iter().any(|&x| x));
        assert_eq!(floods(&[1, 1, 1, 1, 35, 40]), vec![false, false, false, false, false, true]);
        assert!(floods(&[]).is_empty());
    }

    #[test]
    fn the_table_of_messages_is_bounded_and_what_it_drops_is_counted() {
        let mut s = Scanner::new();
        let word = |n: usize| (0..4).map(|k| (b'a' + (n / 26usize.pow(k) % 26) as u8) as char).collect::<String>();
        let log = (0..MAX_MESSAGES + 10).map(|n| format!("failed to reach host {}\n", word(n))).collect::<String>();
        s.read_text("a.log", log.as_bytes(), None).unwrap();
        assert_eq!(s.groups.len() as u64 + s.dropped, (MAX_MESSAGES + 10) as u64);
        assert_eq!(s.groups.len(), MAX_MESSAGES);
    }

    #[test]
    fn a_hex_address_in_another_systems_log_is_no_failure_code() {
        let s = scanner(
            "2024-03-01 10:00:00,123 INFO [main] mem.Scrubber: page scrubbed at 0x1b85eee0\n\
             2024-03-01 10:00:01,123 INFO [main] mem.Scrubber: page scrubbed at 0x9285f2e0\n\
             2024-03-01 10:00:02,123 INFO [main] mem.Scrubber: page scrub ended, hresult 0x80070005\n",
        );
        let got: Vec<_> = s
            .groups
            .iter()
            .map(|g| (g.template.as_str(), g.count, g.class.is_problem() || g.class.is_quiet_failure()))
            .collect();
        assert_eq!(
            got,
            vec![("page scrubbed at <*>", 2, false), ("page scrub ended, hresult 0x80070005", 1, true)]
        );
    }

    #[test]
    fn a_full_table_is_settled_again_only_after_an_eighth_of_it_is_new() {
        // Messages of another system's log that settling cannot join (each its own first word).
        let mut s = Scanner::new();
        let word = |n: usize| (0..4).map(|k| (b'a' + (n / 26usize.pow(k) % 26) as u8) as char).collect::<String>();
        let extra = SETTLE_EVERY + 10;
        let log = (0..MAX_MESSAGES + extra)
            .map(|n| format!("Jun 14 15:16:01 combo daemon[7]: {} went away\n", word(n)))
            .collect::<String>();
        s.read_text("a.log", log.as_bytes(), None).unwrap();
        assert_eq!(s.groups.len(), MAX_MESSAGES);
        assert_eq!(s.dropped, extra as u64);
        // Once when the table filled, once more an eighth of it later: not once a message.
        assert_eq!(s.settles, 2);
    }

    proptest::proptest! {
        /// Any input reads without panicking, and every line is counted.
        #[test]
        fn read_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2000)) {
            let mut s = Scanner::new();
            s.read_text("a.log", &bytes[..], None).expect("in-memory read");
            let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
            if !utf16 {
                let lines = bytes.split(|&b| b == b'\n').count() as u64 - u64::from(bytes.ends_with(b"\n") || bytes.is_empty());
                proptest::prop_assert_eq!(s.files[0].lines, lines);
            }
        }
    }

    /// A servicing log of four runs, the last of which fails, in the
    /// project's own words (the shape of a DISM.log: severities in a field,
    /// process and thread ids, a process's own lines, a hive that never
    /// unloads in any run).
    pub(crate) fn servicing_runs() -> String {
        let mut log = String::new();
        for run in 1..=4 {
            let t = |s: u32| format!("2024-03-05 09:{:02}:{s:02}", run * 5);
            let pid = 1000 + run;
            log += &format!("{}, Info                  DISM   DISM.EXE: Starting the session\n", t(0));
            log += &format!("{}, Info                  CBS    Failed to unload offline hive: {{bf1a281b-ad7b-4476-ac95-f47682990ce7}}C:/Windows/System32/config/SOFTWARE, still in use. [HRESULT = 0x80070005 - E_ACCESSDENIED]\n", t(1));
            log += &format!("{}, Warning               DISM   DISM Provider Store: PID={pid} TID={} Failed to load the provider: X:\\dism\\Siloed.dll. - GetProvider(hr:0x8007007e)\n", t(1), pid + 7);
            log += &format!("[{pid}] [0x80070002] ReadFileIntoBuffer:(1381): The system cannot find the file specified.\n");
            if run == 4 {
                log += &format!("{}, Info                  CBS    Failed to load component schema hive [HRESULT = 0x80070020 - ERROR_SHARING_VIOLATION]\n", t(2));
                log += &format!("{}, Error                 CBS    Failed to open the offline store [HRESULT = 0x80070020 - ERROR_SHARING_VIOLATION]\n", t(2));
                log += &format!("{}, Error                 DISM   DISM.EXE: Unattend processing ran but failed. HRESULT=80004005\n", t(3));
            }
            log += &format!("{}, Info                  DISM   DISM.EXE: Ending the session\n", t(4));
        }
        log
    }

    #[test]
    fn the_failure_its_causes_and_the_noise_of_a_servicing_log() {
        let s = scanner(&servicing_runs());
        assert_eq!((s.files[0].lines, s.files[0].entries), (23, 23));
        let roles = failure_roles(&s.groups, &s.cascades);
        let mut got: Vec<(usize, Role, String, u64, u64, u64)> = roles
            .iter()
            .map(|(&g, (role, key))| (key.1, *role, s.groups[g].template.clone(), s.groups[g].count, s.groups[g].claimed, s.groups[g].apart))
            .collect();
        got.sort_by_key(|r| r.0);
        assert_eq!(
            got,
            vec![
                (0, Role::Failed, "DISM.EXE: Unattend processing ran but failed. HRESULT=80004005".into(), 1, 0, 1),
                (
                    1,
                    Role::Cause,
                    "Failed to load component schema hive [HRESULT = 0x80070020 - ERROR_SHARING_VIOLATION]".into(),
                    1,
                    1,
                    0
                ),
                (
                    2,
                    Role::Cause,
                    "Failed to open the offline store [HRESULT = 0x80070020 - ERROR_SHARING_VIOLATION]".into(),
                    1,
                    1,
                    0
                ),
            ]
        );
        // Identical messages that differ only in ids, process ids and paths are one group each,
        // written in every run: claimed once (the failing run), apart three times.
        let counts = |template: &str| {
            let g = s.groups.iter().find(|g| g.template == template).expect(template);
            (g.count, g.claimed, g.apart, level_name(g.class))
        };
        assert_eq!(
            counts("Failed to unload offline hive: <*>, still in use. [HRESULT = 0x80070005 - E_ACCESSDENIED]"),
            (4, 1, 3, "routine")
        );
        assert_eq!(
            counts("DISM Provider Store: Failed to load the provider: <*>\\Siloed.dll. - GetProvider(hr:0x8007007e)"),
            (4, 1, 3, "warning")
        );
        assert_eq!(
            counts("[0x80070002] ReadFileIntoBuffer:(<*>): The system cannot find the file specified."),
            (4, 1, 3, "failure")
        );
    }

    #[test]
    fn a_code_alone_is_a_likely_answer_only_when_one_article_quotes_it() {
        assert_eq!(
            [1, 2, 4, 8, 1000].map(|n| (code_alone_cap(n) * 100.0).round() / 100.0),
            [0.6, 0.45, 0.3, 0.2, 0.2]
        );
    }

    #[test]
    fn a_flag_is_not_a_failure_and_package_names_are_masked() {
        let s = scanner(
            "2023-06-01 10:00:00, Info                  CBS    Blocked system sleep; prior state: 0x80000000\n\
             2024-01-25 16:35:37, Error                 SYSPRP Package Adobe.XD_57.1.12.2_x64__pc75e8sa7ep4e was installed for a user, but not provisioned for all users.\n\
             2024-01-25 16:56:11, Error                 SYSPRP Package Microsoft.LanguageExperiencePackes-ES_19041.69.236.0_neutral__8wekyb3d8bbwe was installed for a user, but not provisioned for all users.\n\
             2023-06-01 10:00:01, Info                  CBS    Exec: Installing Package_for_KB5005565~31bf3856ad364e35~amd64~~19041.1237.1.8 for KB5005565\n\
             2023-06-01 10:00:02, Info                  CBS    Exec: Installing Package_for_KB5006670~31bf3856ad364e35~amd64~~19041.1288.1.7 for KB5006670\n",
        );
        let rows: Vec<(String, u64, &str)> =
            s.groups.iter().map(|g| (g.template.clone(), g.count, level_name(g.class))).collect();
        assert_eq!(
            rows,
            vec![
                ("Blocked system sleep; prior state: 0x80000000".to_string(), 1, "routine"),
                (
                    "Package <*> was installed for a user, but not provisioned for all users.".to_string(),
                    2,
                    "error"
                ),
                ("Exec: Installing <*> for KB<*>".to_string(), 2, "routine"),
            ]
        );
    }

    #[test]
    fn empty_input() {
        let s = scanner("");
        assert_eq!((s.files[0].lines, s.files[0].entries, s.groups.len()), (0, 0, 0));
    }
