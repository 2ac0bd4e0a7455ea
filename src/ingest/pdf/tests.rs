//! The PDF reader's unit tests.
use super::*;
use crate::article::Section;
use lopdf::{Stream, dictionary};

/// A PDF of the given pages' content streams, with Helvetica (`F1`),
/// Helvetica-Bold (`F2`) and Courier (`F3`), and an information title.
fn pdf(pages: &[&str], info_title: Option<&str>) -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = |doc: &mut lopdf::Document, name: &str| {
        doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => name, "Encoding" => "WinAnsiEncoding",
        })
    };
    let (f1, f2, f3) = (font(&mut doc, "Helvetica"), font(&mut doc, "Helvetica-Bold"), font(&mut doc, "Courier"));
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => f1, "F2" => f2, "F3" => f3 } });
    let mut kids: Vec<Object> = Vec::new();
    for content in pages {
        let contents = doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => contents, "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        });
        kids.push(page.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    if let Some(title) = info_title {
        let info = doc.add_object(dictionary! { "Title" => Object::string_literal(title) });
        doc.trailer.set("Info", info);
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A line of text at (x, y) in a font and size.
fn line(font: &str, size: u32, x: u32, y: u32, text: &str) -> String {
    format!("BT /{font} {size} Tf {x} {y} Td ({text}) Tj ET\n")
}

/// The running header and footer of a two-page runbook.
fn running(page: u32) -> String {
    line("F1", 9, 72, 770, "Widget Runbook") + &line("F1", 9, 290, 30, &format!("Page {page} of 2"))
}

fn read_pdf_bytes(bytes: &[u8], name: &str) -> Result<Document, SkipReason> {
    read(bytes, Path::new(&format!("/kb/guides/{name}")), Path::new("/kb"))
}

#[test]
fn reads_synthetic_runbook() {
    let page1 = [
        running(1),
        line("F2", 24, 72, 720, "Widget service will not start"),
        // A word broken by a soft hyphen (octal 255) at the line's end,
        // a compound broken at its own hyphen.
        line("F1", 11, 72, 690, "The console shows an access error when the ser\\255"),
        line("F1", 11, 72, 676, "vice starts, and the client-"),
        line("F1", 11, 72, 662, "side log repeats it."),
        line("F3", 11, 90, 636, "Error 0x80070005: access denied"),
        line("F2", 16, 72, 600, "Fix"),
        line("F1", 11, 72, 576, "1. Stop the service."),
        line("F1", 11, 72, 562, "2. Reset the widget cache by"),
        line("F1", 11, 86, 548, "running the reset tool."),
        line("F1", 11, 86, 534, "- use the console"),
        // A table row: cells far apart on one baseline.
        line("F1", 11, 72, 500, "Code") + &line("F1", 11, 300, 500, "Meaning"),
    ]
    .concat();
    let page2 = [
        running(2),
        line("F1", 11, 72, 700, "3. Start the service."),
        line("F2", 16, 72, 660, "Notes"),
        line("F1", 11, 72, 636, "Call the desk if it fails again."),
    ]
    .concat();
    let doc = read_pdf_bytes(&pdf(&[&page1, &page2], Some("Not this title")), "start.pdf").unwrap();
    assert_eq!(doc.id, "guides/start.pdf");
    assert_eq!((doc.kind, doc.format), (ArticleKind::Doc, SourceFormat::Pdf));
    assert_eq!(doc.title.as_deref(), Some("Widget service will not start"));
    let intro = "The console shows an access error when the service starts, and the client-side log repeats it.\n\nError 0x80070005: access denied";
    let fix = "1. Stop the service.\n\n2. Reset the widget cache by running the reset tool.\n\n   - use the console\n\nCode  Meaning\n\n3. Start the service.";
    assert_eq!(
        doc.sections,
        Some(vec![
            Section { name: "Widget service will not start".into(), text: intro.into() },
            Section { name: "Fix".into(), text: fix.into() },
            Section { name: "Notes".into(), text: "Call the desk if it fails again.".into() },
        ])
    );
    assert_eq!(
        doc.body,
        format!("Widget service will not start\n\n{intro}\n\nFix\n\n{fix}\n\nNotes\n\nCall the desk if it fails again.")
    );
    assert_eq!(doc.emphasized, ["Error 0x80070005: access denied"]);
}

#[test]
fn title_falls_back_to_information_then_stem() {
    let page = line("F1", 11, 72, 700, "Restart the widget service when it hangs.");
    let doc = read_pdf_bytes(&pdf(&[&page], Some("Widget restarts")), "a.pdf").unwrap();
    assert_eq!(doc.title.as_deref(), Some("Widget restarts"));
    assert_eq!(doc.sections, Some(vec![Section { name: "BODY".into(), text: doc.body.clone() }]));
    let doc = read_pdf_bytes(&pdf(&[&page], None), "widget-restarts.pdf").unwrap();
    assert_eq!(doc.title.as_deref(), Some("widget-restarts"));
}

#[test]
fn unreadable_files_are_skipped_with_a_reason() {
    let why = |r: Result<Document, SkipReason>| match r {
        Err(SkipReason::Malformed { format: "PDF", why }) => why,
        other => panic!("{other:?}"),
    };
    // A page that only paints (as a scan's image would be).
    let scanned = pdf(&["0 0 m 100 100 l S\n"], None);
    assert_eq!(why(read_pdf_bytes(&scanned, "scan.pdf")), "no text layer (a scanned image?)");
    let damaged = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
    assert!(why(read_pdf_bytes(damaged, "damaged.pdf")).starts_with("damaged"));
    assert!(why(read_pdf_bytes(b"%PDF-1.4\nnothing else", "cut.pdf")).starts_with("damaged"));
    assert!(why(read_pdf_bytes(b"just text named .pdf", "notes.pdf")).starts_with("damaged"));
    assert!(is_pdf(b"just text", Path::new("notes.PDF")) && !is_pdf(b"just text", Path::new("notes.txt")));

    // Encrypted with a user password (its check values are not those of an empty one).
    let mut doc = lopdf::Document::load_mem(&pdf(&[&line("F1", 11, 72, 700, "Secret.")], None)).unwrap();
    let encrypt = doc.add_object(dictionary! {
        "Filter" => "Standard", "V" => 2, "R" => 3, "Length" => 128, "P" => -4,
        "O" => Object::string_literal(vec![7u8; 32]), "U" => Object::string_literal(vec![9u8; 32]),
    });
    doc.trailer.set("Encrypt", encrypt);
    doc.trailer.set("ID", vec![Object::string_literal(vec![1u8; 16]), Object::string_literal(vec![1u8; 16])]);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    assert_eq!(
        why(read_pdf_bytes(&bytes, "locked.pdf")),
        "encrypted: kbmatch cannot read it; save a copy without a password"
    );
}

#[test]
fn page_numbers_alone() {
    for text in ["7", "Page 7", "7 of 12", "- 7 -", "Page 3 / 9"] {
        assert!(PAGE_NUMBER.is_match(text), "{text}");
    }
    assert!(!PAGE_NUMBER.is_match("7. Restart the service."));
}

#[test]
fn text_strings() {
    assert_eq!(decode_text_string(b"\xfe\xff\x00W\x00i"), "Wi");
    assert_eq!(decode_text_string(b"Caf\xe9"), "Caf\u{e9}");
}

#[test]
fn quoted_lines_are_each_a_message_however_many_they_are() {
    // More lines of the quotation (grey, set in) than of the body text: the
    // margin is still the body's, and each line the author broke is one
    // message; a line the layout wrapped runs on.
    let page = [
        line("F1", 11, 72, 720, "The widget store stops at start-up and"),
        line("F1", 11, 72, 706, "logs this event:"),
        "0.4 0.4 0.4 rg\n".to_owned(),
        line("F1", 11, 100, 680, "Source: Widget"),
        line("F1", 11, 100, 666, "Event ID: 4107"),
        line("F1", 11, 100, 652, "Description:"),
        line("F1", 11, 100, 638, "The widget store could not open its database because the"),
        line("F1", 11, 100, 624, "file is locked."),
        "0 g\n".to_owned(),
        line("F1", 11, 72, 598, "Close the backup tool and start the store."),
    ]
    .concat();
    let doc = read_pdf_bytes(&pdf(&[&page], None), "store.pdf").unwrap();
    assert_eq!(
        doc.emphasized,
        [
            "Source: Widget",
            "Event ID: 4107",
            "Description:",
            "The widget store could not open its database because the file is locked."
        ]
    );
    assert_eq!(
        doc.body,
        "The widget store stops at start-up and logs this event:\n\nSource: Widget\nEvent ID: 4107\nDescription:\n\
         The widget store could not open its database because the file is locked.\n\n\
         Close the backup tool and start the store."
    );
}

#[test]
fn product_lines_name_the_products() {
    let page = [
        line("F2", 24, 72, 720, "Widget sync stops"),
        line("F1", 11, 72, 690, "Applies to:") + &line("F1", 11, 150, 690, "Widget Server 2019, Widget Server 2022."),
        line("F1", 11, 72, 676, "Original product version:") + &line("F1", 11, 220, 676, "Widget Server 2016, widget server 2019"),
        line("F1", 11, 72, 650, "The sync agent stops after an update; the applies to list above names it."),
    ]
    .concat();
    let doc = read_pdf_bytes(&pdf(&[&page], None), "sync.pdf").unwrap();
    assert_eq!(doc.meta.products, ["Widget Server 2019", "Widget Server 2022", "Widget Server 2016"]);
}

#[test]
fn a_product_line_the_layout_wrapped_goes_on_in_the_next_line() {
    // The value wraps at the right edge (the body's long line ends there);
    // the next paragraph, one paragraph's gap below, is not part of it,
    // nor is a short product line's next line of the same paragraph.
    let page = [
        line("F2", 24, 72, 720, "Widget sync stops"),
        line("F1", 12, 72, 690, "The sync agent of the widget server stops after an update to the servers."),
        line("F1", 12, 72, 660, "Original product version:") + &line("F1", 12, 230, 660, "Contoso Widget Server 2019 for Large Sites"),
        line("F1", 12, 72, 642, "Datacenter Edition"),
        line("F1", 12, 72, 612, "Applies to:") + &line("F1", 12, 150, 612, "Widget Client."),
        line("F1", 12, 72, 594, "Original KB number: 2683900"),
        line("F1", 12, 72, 564, "Another paragraph starts here."),
    ]
    .concat();
    let doc = read_pdf_bytes(&pdf(&[&page], None), "sync.pdf").unwrap();
    assert_eq!(doc.meta.products, ["Contoso Widget Server 2019 for Large Sites Datacenter Edition", "Widget Client"]);
}

#[test]
fn prose_beside_much_code_is_body_text_and_broken_names_are_joined() {
    // More characters of monospace code than of prose: the prose is still
    // the body text, not headings. A long name the layout broke without a
    // hyphen (written whole elsewhere) is one word again.
    let code = "Store.Open(path, FileShare.None);";
    let page = [
        line("F2", 20, 72, 740, "Widget store will not open"),
        line("F1", 11, 72, 712, "The store throws Widget.StoreLockedExcep"),
        line("F1", 11, 72, 698, "tion when another process holds it."),
        line("F3", 9, 72, 676, code),
        line("F3", 9, 72, 666, code),
        line("F3", 9, 72, 656, code),
        line("F3", 9, 72, 646, code),
        line("F3", 9, 72, 636, code),
        line("F1", 11, 72, 610, "Catch StoreLockedException and retry."),
    ]
    .concat();
    let doc = read_pdf_bytes(&pdf(&[&page], None), "store.pdf").unwrap();
    assert_eq!(doc.title.as_deref(), Some("Widget store will not open"));
    let sections = doc.sections.unwrap();
    assert_eq!(sections.len(), 1);
    assert_eq!(
        sections[0].text,
        format!(
            "The store throws Widget.StoreLockedException when another process holds it.\n\n\
             {code}\n{code}\n{code}\n{code}\n{code}\n\nCatch StoreLockedException and retry."
        )
    );
}
