//! The step extractor's unit tests.
use super::*;
use super::context::last_sentence;
use super::structure::looks_like_code;
use crate::article::Step;

fn sec(name: &str, text: &str) -> Section {
    Section { name: name.to_string(), text: text.to_string() }
}

fn kb(sections: &[Section]) -> (Vec<String>, Option<String>) {
    extract(sections, ArticleKind::Kb)
}

/// The titles of the procedures a KB article's one section gives.
fn titles(section: &str, text: &str) -> Vec<Option<String>> {
    remediation(&[sec(section, text)], ArticleKind::Kb).0.into_iter().map(|p| p.title).collect()
}

#[test]
fn lettered_sub_steps_and_wrapped_lines_join_into_their_step() {
    let s = [sec(
        "RESOLUTION",
        "To fix the sender, follow these steps:\n\n\
         1. Stop the SMS Executive service on the\n  site server.\n\n\
         2. Clean the outbox:\n\n  a. Open the Sender.box folder.\n\n  b. Delete the\n     stale .srq files.\n\n\
         3. Start the service.",
    )];
    let (steps, from) = kb(&s);
    assert_eq!(
        steps,
        vec![
            "Stop the SMS Executive service on the site server.",
            "Clean the outbox: a. Open the Sender.box folder. b. Delete the stale .srq files.",
            "Start the service.",
        ]
    );
    assert_eq!(from.as_deref(), Some("RESOLUTION"));
}

#[test]
fn notes_and_article_references_between_steps_are_not_steps() {
    let s = [sec(
        "WORKAROUND",
        "1. Remove the site address.\n\n\
         NOTE: Wait for the address to replicate.\n\n\
         2. Run the cleanup tool.\n\n\
         For more information, see the following article:\n\n  Q212978 How to use the cleanup tool\n\n\
         3. Verify the site is gone.\n\nWARNING: Do not reuse the code too soon.",
    )];
    assert_eq!(kb(&s).0, vec!["Remove the site address.", "Run the cleanup tool.", "Verify the site is gone."]);
}

#[test]
fn two_procedures_are_concatenated_in_order() {
    let s = [
        sec("SYMPTOMS", "Jobs pile up."),
        sec(
            "MORE INFORMATION",
            "Installing the Fix\n------------------\n\nUse one of these methods.\n\n\
             Use the installer:\n\n1. Copy the folder to a share.\n\n2. Run Q999999.exe.\n\n\
             Manual installation:\n\n1. Stop the services.\n\n2. Replace Distmgr.dll.\n\n3. Start the services.",
        ),
    ];
    let (steps, from) = kb(&s);
    assert_eq!(
        steps,
        vec![
            "Copy the folder to a share.",
            "Run Q999999.exe.",
            "Stop the services.",
            "Replace Distmgr.dll.",
            "Start the services.",
        ]
    );
    assert_eq!(from.as_deref(), Some("MORE INFORMATION"));
}

fn step(text: &str, substeps: &[&str], code: &[&str]) -> Step {
    Step {
        text: text.to_string(),
        substeps: substeps.iter().map(|s| s.to_string()).collect(),
        code: code.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn each_method_is_its_own_procedure_under_its_intro_line() {
    let s = [
        sec("SYMPTOMS", "Jobs pile up."),
        sec(
            "MORE INFORMATION",
            "Installing the Fix\n------------------\n\nThere are two ways. Use the installer:\n\n\
             1. Copy the folder to a share.\n\n2. Run Q999999.exe.\n\n\
             Method 2\n--------\n\n1. Stop the services.\n\n2. Replace Distmgr.dll.\n\n3. Start the services.",
        ),
    ];
    let (procedures, steps, from) = remediation(&s, ArticleKind::Kb);
    assert_eq!(
        procedures,
        vec![
            Procedure {
                title: Some("There are two ways. Use the installer:".into()),
                section: "MORE INFORMATION".into(),
                steps: vec![step("Copy the folder to a share.", &[], &[]), step("Run Q999999.exe.", &[], &[])],
            },
            Procedure {
                title: Some("Method 2".into()),
                section: "MORE INFORMATION".into(),
                steps: vec![
                    step("Stop the services.", &[], &[]),
                    step("Replace Distmgr.dll.", &[], &[]),
                    step("Start the services.", &[], &[]),
                ],
            },
        ]
    );
    // `steps` is the main (first) procedure only.
    assert_eq!(steps, vec!["Copy the folder to a share.", "Run Q999999.exe."]);
    assert_eq!(from.as_deref(), Some("MORE INFORMATION"));
}

#[test]
fn lettered_sub_steps_and_code_lines_stay_apart_from_the_step_text() {
    let s = [sec(
        "WORKAROUND",
        "1. Stop the agent:\n\n  net stop agentsvc\n\n\
         2. Make sure the old install is gone:\n\n\
         \x20 a. Check that these keys were\n     deleted:\n\n\
         \x20 HKEY_LOCAL_MACHINE/Software/Vendor/Agent\n  HKEY_LOCAL_MACHINE/System/Services/AgentSvc\n\n\
         \x20 b. Check that these folders were deleted:\n\n  C:\\Agent\n  %Windir%\\Agent\n\n\
         \x20    NOTE: A restart may be needed.\n\n\
         \x20 c. Run setup again.",
    )];
    let (procedures, steps, _) = remediation(&s, ArticleKind::Kb);
    assert_eq!(procedures.len(), 1);
    assert_eq!(procedures[0].title.as_deref(), Some("WORKAROUND"));
    assert_eq!(
        procedures[0].steps,
        vec![
            step("Stop the agent:", &[], &["net stop agentsvc"]),
            step(
                "Make sure the old install is gone:",
                &[
                    "Check that these keys were deleted:",
                    "Check that these folders were deleted: NOTE: A restart may be needed.",
                    "Run setup again.",
                ],
                &[
                    "HKEY_LOCAL_MACHINE/Software/Vendor/Agent",
                    "HKEY_LOCAL_MACHINE/System/Services/AgentSvc",
                    "C:\\Agent",
                    "%Windir%\\Agent",
                ],
            ),
        ]
    );
    assert_eq!(steps[0], "Stop the agent: net stop agentsvc");
}

#[test]
fn deeper_lists_stay_inside_their_sub_step() {
    let s = [sec(
        "RESOLUTION",
        "To fix it, follow these steps:\n\n\
         1. Reinstall the service:\n   a. Open Network.\n   b. Add the service:\n\n\
         \x20     1. Click Add.\n      2. Pick the service:\n         a. Click Have Disk.\n         \
         b. Click OK.\n\n   c. Restart the computer.\n\n2. Quit the server.",
    )];
    let (procedures, _, _) = remediation(&s, ArticleKind::Kb);
    assert_eq!(procedures[0].title.as_deref(), Some("To fix it, follow these steps:"));
    assert_eq!(
        procedures[0].steps,
        vec![
            step(
                "Reinstall the service:",
                &[
                    "Open Network.",
                    "Add the service: 1. Click Add. 2. Pick the service: a. Click Have Disk. b. Click OK.",
                    "Restart the computer.",
                ],
                &[],
            ),
            step("Quit the server.", &[], &[]),
        ]
    );
}

#[test]
fn a_procedure_is_titled_by_what_leads_into_it_not_by_a_statement_before_it() {
    let title = |intro: &str, section: &str| {
        let s = [sec(section, &format!("{intro}\n\n1. Take a log backup.\n\n2. Shrink the log file."))];
        remediation(&s, ArticleKind::Doc).0.first().map(|p| p.title.clone())
    };
    let lead = "The transaction log is full due to LOG_BACKUP. To free it, do this:";
    // The paragraph that leads in, from its start.
    assert_eq!(title(lead, "Disk full"), Some(Some(lead.to_string())));
    assert_eq!(title("Use one of the following methods.", "Fix"), Some(Some("Use one of the following methods.".into())));
    assert_eq!(title("Method 2: Shrink the file", "Fix"), Some(Some("Method 2: Shrink the file".into())));
    // A statement is not a title: the section names the procedure.
    assert_eq!(title("The log is full. Error 9002.", "Disk full"), Some(Some("Disk full".into())));
    assert_eq!(title("Back up the registry before you edit it.", "RESOLUTION"), Some(Some("RESOLUTION".into())));
}

#[test]
fn an_archive_list_under_no_sub_heading_is_titled_by_the_statement_above_it() {
    let steps = "\n\n1. Start Registry Editor (Regedt32.exe).\n2. Add the value.";
    let stated = "With the addition of the newest Userenv.dll, the changes can be applied directly to the registry.";
    assert_eq!(titles("MORE INFORMATION", &format!("{stated}{steps}")), vec![Some(stated.to_string())]);
    // Past the registry caution and the pointer to help, as a lead-in is.
    let asides = "WARNING: Using Registry Editor incorrectly can cause serious problems.\n\n\
                  For information about how to edit the registry, view the Help topic in Regedit.exe.";
    assert_eq!(titles("MORE INFORMATION", &format!("{stated}\n\n{asides}{steps}")), vec![Some(stated.to_string())]);
    // Not a note, nor the end of a sentence begun above the lines kept.
    let note = "Note that some CD-ROM drives are attached to sound cards.";
    assert_eq!(titles("RESOLUTION", &format!("{note}{steps}")), vec![Some("RESOLUTION".to_string())]);
    let cut = "service to clear out any password caching.";
    assert_eq!(titles("RESOLUTION", &format!("{cut}{steps}")), vec![Some("RESOLUTION".to_string())]);
    // A sub-heading names the list better than a statement under it.
    let headed = format!("Method 1\n--------\n\n{stated}{steps}");
    assert_eq!(titles("RESOLUTION", &headed), vec![Some("Method 1".to_string())]);
}

#[test]
fn a_method_sub_heading_titles_its_list_over_a_note_or_a_remark_about_it() {
    let text = "There are two methods.\n\nMethod 1\n--------\n\nNOTE: Use this method only with the Mail service.\n\n\
                1. In Control Panel, double-click Mail.\n2. Click the Mail service.\n\n\
                Method 2: Use the Profiles\n--------------------------\n\nThis method is supported by every viewer.\n\n\
                1. Click Show Profiles.\n2. Click Remove.";
    assert_eq!(titles("RESOLUTION", text), vec![Some("Method 1".to_string()), Some("Method 2: Use the Profiles".to_string())]);
    // A sentence that leads into the list still titles it.
    let led = "Method 1\n--------\n\nTo use it, follow these steps:\n\n1. Click Start.\n2. Click Run.";
    assert_eq!(titles("RESOLUTION", led), vec![Some("To use it, follow these steps:".to_string())]);
}

#[test]
fn asides_between_a_lead_in_and_its_list_are_passed_over() {
    // The registry caution and its pointer to help sit between the lead-in and the list.
    let registry = "If the file exists, the hive may be damaged. Check the hive by using the following procedure:\n\n\
                    WARNING: Using Registry Editor incorrectly can cause serious problems.\n\n\
                    For information about how to edit the registry, view the \"Changing Keys\" Help topic in Registry Editor.\n\n\
                    1. Click Start, and then click Run.\n2. Type regedt32, and then click OK.";
    assert_eq!(
        titles("RESOLUTION", registry),
        vec![Some("If the file exists, the hive may be damaged. Check the hive by using the following procedure:".to_string())]
    );
    // A note that ends by leading into the list introduces it where the paragraph before does not.
    let note = "By default, the Schedule service starts manually.\n\n\
                NOTE: If Internet Explorer is installed, the service is called Task Scheduler. To configure the \
                service to start automatically:\n\n1. Click Start, point to Settings, and then click Control Panel.\n\
                2. Double-click Services.";
    assert_eq!(titles("MORE INFORMATION", note), vec![Some(note[note.find("NOTE").unwrap()..note.find("\n\n1.").unwrap()].to_string())]);
    // ... but not over a line before it that leads in, nor as a warning, nor as a pointer to another article.
    let step_line = "Step 2 - Modify the Windows Registry:\n\n\
                     NOTE: This fix is activated in the registry. To do this, follow these steps:\n\n\
                     1. Click Start, and then click Run.\n2. Type regedit, and then click OK.";
    assert_eq!(titles("RESOLUTION", step_line), vec![Some("Step 2 - Modify the Windows Registry:".to_string())]);
    let warning = "WARNING: Use Registry Editor at your own risk. To resolve this problem:\n\n\
                   1. Make a backup copy of the Bin folder.\n2. Delete the Bin folder.";
    assert_eq!(titles("RESOLUTION", warning), vec![Some("RESOLUTION".to_string())]);
    // A note that announces a way leads into it however it ends.
    let announcing = "NOTE: The following workaround is for the AppleTalk connector only.\n\n\
                      1. Open the Mappings.txt file.\n2. Add the .sit extension.";
    assert_eq!(
        titles("WORKAROUND", announcing),
        vec![Some("NOTE: The following workaround is for the AppleTalk connector only.".to_string())]
    );
    let reference = "NOTE: The repair needs Setupdd.sys. For additional information, please see the following \
                     article in the Microsoft Knowledge Base:\n\nARTICLE-ID: Q150497\n\n\
                     1. Start the computer with the Setup disks.\n2. Press R for repair.";
    assert_eq!(titles("RESOLUTION", reference), vec![Some("RESOLUTION".to_string())]);
}

#[test]
fn a_long_lead_in_titles_its_list_by_its_opening_and_the_sentence_that_leads_in() {
    let lead = "By default, the Windows NT 4.0 IAS service does not support the AutoReject feature. However, it can \
                be used as a RADIUS proxy to a Windows 2000 IAS server. To enable this on the Windows NT 4.0 IAS \
                service, you must create a user account in the users file of the RADIUS service. To do this, \
                perform the following steps:\n\n1. Open the users file.\n2. Add the account.";
    assert_eq!(
        titles("RESOLUTION", lead),
        vec![Some(
            "By default, the Windows NT 4.0 IAS service does not support the AutoReject feature. … To enable \
             this on the Windows NT 4.0 IAS service, you must create a user account in the users file of the \
             RADIUS service. To do this, perform the following steps:"
                .to_string()
        )]
    );
}

#[test]
fn a_lead_in_written_under_a_warning_or_a_bullet_titles_its_list() {
    // No blank line between the registry warning and the lead-in; the
    // reference above the warning is no title.
    let glued = "For information about how to back up the registry, click the following article number:\n\n\
                 Q256986 Description of the Microsoft Windows Registry\n\n\
                 WARNING: If you use Registry Editor incorrectly, you may cause serious problems. Use Registry\n\
                 Editor at your own risk.\n\
                 To restrict remote access to Event Viewer to only the Administrators group:\n\n\
                 1. Start Registry Editor.\n2. Delete the Eventlog string.";
    assert_eq!(titles("RESOLUTION", glued), vec![Some("To restrict remote access to Event Viewer to only the Administrators group:".to_string())]);
    // A list indented under a bullet item is that item's steps.
    let bullet = "Perform one of the following to resolve this problem:\n\n\
                  - Manually install the COM2 port.\n\n\
                  \x20 Refer to the manufacturer's instructions for your CMOS settings.\n\n\
                  \x20 1. Start the CMOS setup routine.\n\
                  \x20 2. Change the infrared port to COM2.\n\n\
                  - Use another computer.";
    assert_eq!(titles("RESOLUTION", bullet), vec![Some("Manually install the COM2 port.".to_string())]);
    // ... and not a list at the bullet's own indentation.
    let after = "- Manually install the COM2 port.\n\n1. Start the CMOS setup routine.\n2. Change the port.";
    assert_eq!(titles("RESOLUTION", after), vec![Some("RESOLUTION".to_string())]);
}

#[test]
fn a_how_to_example_under_its_own_sub_heading_is_a_procedure_however_it_ends() {
    let text = "Step By Step Example\n--------------------\n\n1. Start a new Standard EXE project.\n\
                2. Place a CoolBar control onto Form1.\n3. Click Command2. Note that the Band is not larger than its \
                Child control.";
    let found = remediation(&[sec("MORE INFORMATION", text)], ArticleKind::Kb).0;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].title.as_deref(), Some("Step By Step Example"));
    assert_eq!(found[0].steps.len(), 3);
    // Without a sub-heading, a list that ends so reads as steps that show the problem.
    let bare = "1. Start a new Standard EXE project.\n2. Place a CoolBar control onto Form1.\n\
                3. Click Command2. Note that the Band is not larger than its Child control.";
    assert!(remediation(&[sec("MORE INFORMATION", bare)], ArticleKind::Kb).0.is_empty());
}

#[test]
fn code_is_told_from_words() {
    for code in [
        "regedit",
        "net stop spooler",
        "\"change user /install\" (without the quotation marks)",
        "HKEY_CURRENT_USER\\Software\\Vendor",
        "C:\\Program Files\\Vendor",
        "setup /f",
        "<X>:\\SMS",
        "\" sys c: \" (without the quotation marks)",
    ] {
        assert!(looks_like_code(code), "{code}");
    }
    for words in [
        "Click OK.",
        "NOTE: Restart the computer.",
        "The tool is in the \\Support folder of the CD, and you must run it on the server.",
        "Type the following:",
        "and then click Apply.",
    ] {
        assert!(!looks_like_code(words), "{words}");
    }
}

#[test]
fn the_intro_is_the_last_sentence_before_the_list() {
    assert_eq!(last_sentence("This is by design. To work around it, do this:"), "To work around it, do this:");
    assert_eq!(last_sentence("See Q123456 (e.g. the tool). Then:"), "Then:");
    assert_eq!(last_sentence("Follow these steps:"), "Follow these steps:");
    assert_eq!(
        last_sentence("It is by design. To fix it, reinstall the driver. Follow these steps:"),
        "To fix it, reinstall the driver. Follow these steps:"
    );
    // A sentence that only adds to the one before is no title: the one it adds to is.
    let added = "It is rare. If Setup stops, do not run it again. Also, do not restart. In addition, keep the disk. \
                 Instead, do the following:";
    assert_eq!(last_sentence(added), &added["It is rare. ".len()..]);
    // Nor one that only picks a way named before: from the one naming them.
    assert_eq!(
        last_sentence("It is by design. To work around it, resend the message or reset the form. The sample uses the second method."),
        "To work around it, resend the message or reset the form. The sample uses the second method."
    );
    // Nor is one that announces: from the one before it.
    assert_eq!(last_sentence("It is rare. Keep the disk. Instead, do the following:"), "Keep the disk. Instead, do the following:");
    // Nor one that only says it fixes the problem told before: from that one
    // (a paragraph of that sentence alone keeps it).
    let told = "It is rare. If one of the sites no longer exists, Smsmon32.exe may hang. To work around this issue:";
    assert_eq!(last_sentence(told), &told["It is rare. ".len()..]);
    assert_eq!(last_sentence("To resolve this problem:"), "To resolve this problem:");
    assert_eq!(last_sentence("It fails. To resolve this problem, restart."), "To resolve this problem, restart.");
    // Nor one that gives the reason for the steps and announces them.
    let reason = "You must create the account manually. Because it reaches the network, you should do the following:";
    assert_eq!(last_sentence(reason), reason);
    assert_eq!(last_sentence("It fails. Because of that, restart the server."), "Because of that, restart the server.");
    // Nor one that announces steps and says only where to take them; one
    // that says what for is a title.
    let place = "It fails. To resolve this issue, set the service to start automatically. Perform the following steps on \
                 the target computer:";
    assert_eq!(last_sentence(place), &place["It fails. ".len()..]);
    assert_eq!(
        last_sentence("It fails. Perform the following steps to restore the key:"),
        "Perform the following steps to restore the key:"
    );
}

#[test]
fn a_line_numbering_a_part_titles_its_list() {
    use super::context::introduces;
    assert!(introduces("I. View the Lana numbers defined on the client computer running Windows NT."));
    assert!(introduces("II. Configure the Remote Control agent to listen on a specific Lana number."));
    assert!(introduces("B) Restart the service."));
    // A statement is no title, nor a name's initial.
    assert!(!introduces("Note that you should back up the registry before you edit it."));
    assert!(!introduces("C. Smith wrote the tool."));
    assert!(!introduces("A. microsoft says so."));
}

#[test]
fn ten_and_more_steps_with_two_digit_numbers() {
    let text: String = (1..=12).map(|n| format!("{n}. Do step number {n} now.\n\n")).collect();
    let (steps, _) = kb(&[sec("WORKAROUND", &text)]);
    assert_eq!(steps.len(), 12);
    assert_eq!(steps[9], "Do step number 10 now.");
    assert_eq!(steps[11], "Do step number 12 now.");
}

#[test]
fn problem_description_lists_are_not_taken() {
    let s = [
        sec("SYMPTOMS", "1. The page displays wrongly.\n2. The designer misbehaves."),
        sec("RESOLUTION", "Install the latest service pack."),
        sec(
            "MORE INFORMATION",
            "The following steps describe how this problem develops:\n\n\
             1. A client is installed in one subnet.\n\n2. The client moves to another subnet.\n\n\
             Steps to Reproduce Behavior\n---------------------------\n\n\
             1. Create a new form.\n\n2. Run the project.\n\nNote that the error occurs.",
        ),
    ];
    assert_eq!(kb(&s), (Vec::<String>::new(), None));
}

#[test]
fn steps_under_sub_headings_of_a_workaround() {
    let s = [sec(
        "WORKAROUND",
        "Use either method.\n\nOne Client at a Time\n--------------------\n\n\
         1. Stop the agent.\n\n2. Edit the Sms.ini file.\n\n\
         The Whole Site\n--------------\n\nWARNING: Back up the registry.\n\n\
         1. Start Registry Editor (Regedt32.exe).\n\n2. Go to the following key:\n\n\
         \x20    HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\n\n3. Set the value to IP.",
    )];
    assert_eq!(
        kb(&s).0,
        vec![
            "Stop the agent.",
            "Edit the Sms.ini file.",
            "Start Registry Editor (Regedt32.exe).",
            "Go to the following key: HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS",
            "Set the value to IP.",
        ]
    );
}

#[test]
fn install_steps_in_status_count_when_resolution_has_none() {
    let s = [
        sec("RESOLUTION", "Take these precautions:\n\n- Log off.\n- Lock the screen."),
        sec(
            "STATUS",
            "An update is available.\n\nTo install this update, follow these steps:\n\n\
             1. Download the update file to a folder.\n\n2. Double-click the file.\n\n\
             3. Follow the instructions on the screen.",
        ),
    ];
    let (steps, from) = kb(&s);
    assert_eq!(steps.len(), 3);
    assert_eq!(from.as_deref(), Some("STATUS"));
}

#[test]
fn a_how_to_procedure_is_taken_when_nothing_else_is() {
    let s = [
        sec("SUMMARY", "This article describes how to share a printer."),
        sec(
            "MORE INFORMATION",
            "Release notes contents:\n\n1. Printing basics\n\n2. Network printers\n\n\
             To share it:\n\n1. In Control Panel, double-click Printers.\n\n\
             2. Right-click the printer, and then click Sharing.\n\n3. Click OK.",
        ),
    ];
    let (steps, from) = kb(&s);
    assert_eq!(
        steps,
        vec![
            "In Control Panel, double-click Printers.",
            "Right-click the printer, and then click Sharing.",
            "Click OK.",
        ]
    );
    assert_eq!(from.as_deref(), Some("MORE INFORMATION"));
}

#[test]
fn blog_numbered_paragraphs_are_steps() {
    let s = [sec(
        "BODY",
        "I fixed it this way:\n\n1. remove the DP from the package\n\n2. wait a while\n\n\
         3. delete these files:\n\n[image]\n\n4.  add the DP back.\n\nIt worked.",
    )];
    let (steps, from) = extract(&s, ArticleKind::Blog);
    assert_eq!(
        steps,
        vec!["remove the DP from the package", "wait a while", "delete these files:", "add the DP back."]
    );
    assert_eq!(from.as_deref(), Some("BODY"));
}

#[test]
fn doc_prefers_the_fix_heading() {
    let s = [
        sec("Checks", "1. Look at the log.\n2. Look at the queue."),
        sec("Fix", "1. Restart the service.\n2. Clear the cache."),
    ];
    assert_eq!(
        extract(&s, ArticleKind::Doc),
        (vec!["Restart the service.".to_string(), "Clear the cache.".to_string()], Some("Fix".into()))
    );
    let only = [sec("Checks", "1. Look at the log.\n2. Look at the queue.")];
    assert_eq!(extract(&only, ArticleKind::Doc).0.len(), 2);
}

#[test]
fn nested_numbered_lists_stay_inside_their_step() {
    let s = [sec(
        "RESOLUTION",
        "1. Prepare the server:\n\n     1. Back up the database.\n\n     2. Stop the services.\n\n\
         2. Run Setup.",
    )];
    assert_eq!(kb(&s).0, vec!["Prepare the server: 1. Back up the database. 2. Stop the services.", "Run Setup."]);
}

#[test]
fn repro_heading_carries_over_method_sub_headings_until_a_fix_heading() {
    let s = [
        sec("SYMPTOMS", "Setup fails from a share with a space in its name."),
        sec("CAUSE", "Setup does not quote the path."),
        sec(
            "MORE INFORMATION",
            "Steps to Reproduce Behavior\n---------------------------\n\n\
             Method 1\n--------\n\n1. Share the folder as \"Net setup\".\n\n2. Run Setup.exe from it.\n\n\
             Method 2\n--------\n\n1. Share the CD drive.\n\n2. Run Setup.exe from the share.\n\n\
             To work around the problem, follow these steps:\n\n\
             1. Rename the share so it has no space.\n\n2. Run Setup.exe again.\n\n\
             Steps to Correct the Sample\n---------------------------\n\n1. Remove the space.",
        ),
    ];
    assert_eq!(kb(&s).0, vec!["Rename the share so it has no space.", "Run Setup.exe again.", "Remove the space."]);
}

#[test]
fn a_workaround_inside_cause_counts_and_look_ups_do_not() {
    let s = [
        sec("SYMPTOMS", "The scheduler stops sending jobs."),
        sec(
            "CAUSE",
            "A stale request file blocks the queue.\n\n\
             To work around this problem, do the following:\n\n\
             1. Stop the SMS Executive.\n\n2. Delete the stale .srq file.\n\n3. Start the SMS Executive.",
        ),
        sec(
            "MORE INFORMATION",
            "To determine which request is stale, follow these steps:\n\n\
             1. Open Sched.log.\n\n2. Find the request ID.",
        ),
    ];
    let (steps, from) = kb(&s);
    assert_eq!(steps, vec!["Stop the SMS Executive.", "Delete the stale .srq file.", "Start the SMS Executive."]);
    assert_eq!(from.as_deref(), Some("CAUSE"));
}

#[test]
fn unheaded_repro_steps_ending_in_the_error_are_not_taken() {
    let s = [
        sec("SYMPTOMS", "Saving a form fails."),
        sec("RESOLUTION", "Install the update."),
        sec(
            "MORE INFORMATION",
            "1. Create a new form.\n\n2. Save the form.\n\nYou receive the following error message:\n\n  Cannot save.",
        ),
    ];
    assert_eq!(kb(&s), (vec![], None));
}

#[test]
fn the_intro_sentence_nearest_the_list_decides() {
    let fix = [sec(
        "RESOLUTION",
        "A full cache can trigger this error. To resolve the problem, turn the cache off:\n\n\
         1. Open the cache settings.\n\n2. Click Off.",
    )];
    assert_eq!(kb(&fix).0.len(), 2);
    let repro = [sec(
        "MORE INFORMATION",
        "A fix is available. To reproduce the problem on a computer without it:\n\n\
         1. Open the cache settings.\n\n2. Click Large.",
    )];
    assert_eq!(extract(&repro, ArticleKind::Blog), (vec![], None));
}

#[test]
fn junk_does_not_panic() {
    let junk = "1.\n\u{0}2. \u{3000}x\n99. y\n1) z\n  \t1. é\n".repeat(50);
    let _ = extract(&[sec("RESOLUTION", &junk)], ArticleKind::Kb);
    let _ = extract(&[], ArticleKind::Doc);
    assert_eq!(extract(&[sec("RESOLUTION", "")], ArticleKind::Kb), (vec![], None));
    // A program's source with lines of nothing but odd spaces and rules.
    let program = "1. Add the following code:\n\n    {\n    \u{3000}\n    ;\n    ----  --\n  \u{a0}\n2. Run it.\n";
    let _ = remediation(&[sec("RESOLUTION", program)], ArticleKind::Kb);
}

#[test]
fn a_wrapped_code_line_is_one_line_and_laid_out_text_is_none() {
    let s = [sec(
        "RESOLUTION",
        "To fix it, follow these steps:\n\n\
         1. Start Registry Editor and select the following key:\n  HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\AgentSvc\n  \\Parameters\n\n\
         2. Copy the file from the disc:\n\n      expand d:\\I386\\agent.ex_\n         c:\\Winnt\\System32\\agent.exe\n\n\
         3. Make sure the unit sends these signals:\n\n  - Power Fail Signal\n  - Low Battery Signal\n\n\
         4. Force the clients to update, as this article tells:\n\n  Q166771 How to Force Client Updates\n\n\
         5. Restart the computer.",
    )];
    let (procedures, _, _) = remediation(&s, ArticleKind::Kb);
    let code: Vec<Vec<String>> = procedures[0].steps.iter().map(|s| s.code.clone()).collect();
    assert_eq!(
        code,
        vec![
            vec!["HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\AgentSvc\\Parameters".to_string()],
            vec!["expand d:\\I386\\agent.ex_ c:\\Winnt\\System32\\agent.exe".to_string()],
            vec![],
            vec![],
            vec![],
        ]
    );
}

#[test]
fn a_look_up_joined_to_a_change_is_the_articles_procedure() {
    let s = [
        sec("SYMPTOMS", "The server reports an error when you change the attribute."),
        sec("RESOLUTION", "Choose another attribute."),
        sec(
            "MORE INFORMATION",
            "To view or change an attribute's value type:\n\n\
             1. Search the directory for the attribute.\n\n\
             2. Double-click it to display its properties.\n\n\
             3. On the Definition tab, click the value type.",
        ),
    ];
    let (procedures, _, _) = remediation(&s, ArticleKind::Kb);
    assert_eq!(procedures.len(), 1);
    assert_eq!(procedures[0].title.as_deref(), Some("To view or change an attribute's value type:"));
    // A look-up alone is an aside.
    let s = [s[0].clone(), s[1].clone(), sec("MORE INFORMATION", &s[2].text.replace("view or change", "view"))];
    assert_eq!(remediation(&s, ArticleKind::Kb).0.len(), 0);
}

#[test]
fn a_programs_source_is_every_line_of_its_step_code_up_to_the_prose_after_it() {
    let s = [sec(
        "MORE INFORMATION",
        "To build the sample, follow these steps:\n\n\
         1. Add the following code to the form's code module:\n\n\
         \x20    Option Explicit\n\n\
         \x20    Dim X As Long, Y As Long, iRadius As Long\n\n\
         \x20    Private Sub Command1_Click()\n\
         \x20       ' Write your own check here and show what it says.\n\
         \x20       Debug.Print \"The data will NOT be saved.\"\n\
         \x20    End Sub\n\n\
         \x20  This code prints a line in the Immediate window when you click the\n\
         \x20  button.\n\n\
         2. Change the constructor as follows:\n\n\
         \x20    CSample::CSample()\n\
         \x20    {\n\
         \x20       // Set up the members first and then create the window.\n\
         \x20    }\n\n\
         \x20  Save the file.\n\n\
         3. Press F5 to run the program.",
    )];
    let (procedures, _, _) = remediation(&s, ArticleKind::Kb);
    let steps = &procedures[0].steps;
    assert_eq!(
        steps[0],
        step(
            "Add the following code to the form's code module: This code prints a line in the Immediate window when you click the button.",
            &[],
            &[
                "Option Explicit",
                "Dim X As Long, Y As Long, iRadius As Long",
                "Private Sub Command1_Click()",
                "' Write your own check here and show what it says.",
                "Debug.Print \"The data will NOT be saved.\"",
                "End Sub",
            ],
        )
    );
    assert_eq!(
        steps[1],
        step(
            "Change the constructor as follows: Save the file.",
            &[],
            &["CSample::CSample()", "{", "// Set up the members first and then create the window.", "}"],
        )
    );
    assert_eq!(steps[2], step("Press F5 to run the program.", &[], &[]));
}

#[test]
fn a_tables_header_and_rule_are_not_code_its_rows_are() {
    let s = [sec(
        "RESOLUTION",
        "To move the files, follow these steps:\n\n\
         1. Copy the following files from the server:\n\n\
         \x20    Copy          To\n\
         \x20    ----          --\n\n\
         \x20    AGENT.INI     \\<MYDIR>\n\
         \x20    AGENTPV.INI   \\<MYDIR>\n\n\
         2. Restart the computer.",
    )];
    let (procedures, _, _) = remediation(&s, ArticleKind::Kb);
    assert_eq!(
        procedures[0].steps[0],
        step(
            "Copy the following files from the server: Copy          To ----          --",
            &[],
            &["AGENT.INI     \\<MYDIR>", "AGENTPV.INI   \\<MYDIR>"],
        )
    );
}
