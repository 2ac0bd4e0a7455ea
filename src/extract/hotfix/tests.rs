use super::*;

/// A row from its six fields; `None` where the table has nothing.
fn row(
    file: &str,
    version: Option<&str>,
    size: Option<u64>,
    date: Option<&str>,
    time: Option<&str>,
    platform: Option<&str>,
) -> HotfixFile {
    HotfixFile {
        file: file.into(),
        version: version.map(Into::into),
        size,
        date: date.map(Into::into),
        time: time.map(Into::into),
        platform: platform.map(Into::into),
        folder: None,
    }
}

const LEAD: &str = "The English version of this fix should have the following file attributes or\nlater:\n\n";

#[test]
fn date_time_version_size_file_platform() {
    let body = format!(
        "{LEAD}  Date        Time   Version         Size     File name     Platform
  ------------------------------------------------------------------
  2-Apr-2001  09:10  2.00.1493.3300  811,792  Baseutil.dll  Alpha
  2-Apr-2001  17:45  2.00.1493.3301  231,312  Distmgr.dll   I386

NOTE: Because of file dependencies, later fixes may hold more files.
"
    );
    assert_eq!(
        extract(&body),
        vec![
            row("Baseutil.dll", Some("2.00.1493.3300"), Some(811792), Some("2-Apr-2001"), Some("09:10"), Some("Alpha")),
            row("Distmgr.dll", Some("2.00.1493.3301"), Some(231312), Some("2-Apr-2001"), Some("17:45"), Some("I386")),
        ]
    );
}

#[test]
fn file_version_datetime_size_destination_folder() {
    let body = "\
The update installs these files:

  File name     Version    Date/Time        Size     Destination folder
  ---------------------------------------------------------------------
  Vredir.vxd    4.00.1116  7/3/97  9:54a    156,801  Windows\\System
  Nwnet32.dll   4.00.953   7/3/97 10:02a     22,016  Windows\\System

";
    assert_eq!(
        extract(body),
        vec![
            in_folder(row("Vredir.vxd", Some("4.00.1116"), Some(156801), Some("7/3/97"), Some("9:54a"), None), "Windows\\System"),
            in_folder(row("Nwnet32.dll", Some("4.00.953"), Some(22016), Some("7/3/97"), Some("10:02a"), None), "Windows\\System"),
        ]
    );
}

/// A row with its destination folder.
fn in_folder(row: HotfixFile, folder: &str) -> HotfixFile {
    HotfixFile { folder: Some(folder.into()), ..row }
}

/// The same file for two platforms, told apart only by the folder: the
/// folder is kept and the platform read from it.
#[test]
fn destination_folder_names_the_platform() {
    let body = "\
The English build of the fix contains the following files, or later versions of them:

  File name     Version        Date/Time         Size     Destination folder
  ---------------------------------------------------------------------------
  Inboxast.dll  2.0.1493.3206  3/1/2001 1:30p    38,784   SMS\\Bin\\I386
  Inboxast.dll  2.0.1493.3206  3/1/2001 1:30p    61,200   SMS\\Bin\\Alpha
  Setup.exe     5.2.3790.0     3/1/2005 2:00p    81,920   Update\\IA64
  Setup.exe     5.2.3790.0     3/1/2005 2:00p    70,144   %windir%\\AMD64\\
  Mpr.dll       4.0.1381.4     3/1/1997 9:00a    12,288   System32\\Mips
  Mpr.dll       4.0.1381.4     3/1/1997 9:00a    12,800   System32\\ppc
  Readme.txt    1.0            3/1/1997 9:00a     2,048   Docs
";
    let date = Some("3/1/2001");
    let rows = extract(body);
    let got: Vec<(&str, Option<&str>, Option<&str>)> =
        rows.iter().map(|r| (r.file.as_str(), r.folder.as_deref(), r.platform.as_deref())).collect();
    assert_eq!(
        got,
        [
            ("Inboxast.dll", Some("SMS\\Bin\\I386"), Some("I386")),
            ("Inboxast.dll", Some("SMS\\Bin\\Alpha"), Some("Alpha")),
            ("Setup.exe", Some("Update\\IA64"), Some("IA64")),
            ("Setup.exe", Some("%windir%\\AMD64\\"), Some("AMD64")),
            ("Mpr.dll", Some("System32\\Mips"), Some("Mips")),
            ("Mpr.dll", Some("System32\\ppc"), Some("ppc")),
            ("Readme.txt", Some("Docs"), None),
        ]
    );
    assert_eq!(
        rows[0],
        in_folder(row("Inboxast.dll", Some("2.0.1493.3206"), Some(38784), date, Some("1:30p"), Some("I386")), "SMS\\Bin\\I386")
    );
}

/// A platform column wins over the folder's name.
#[test]
fn platform_column_wins_over_the_folder() {
    let body = format!(
        "{LEAD}  File name     Version     Size     Platform  Folder
  --------------------------------------------------------
  Srv.sys       4.0.1381.7  61,200   x86       System32\\Alpha
"
    );
    assert_eq!(
        extract(&body),
        vec![in_folder(row("Srv.sys", Some("4.0.1381.7"), Some(61200), None, None, Some("x86")), "System32\\Alpha")]
    );
}

#[test]
fn version_size_file_name_without_dates() {
    let body = format!(
        "{LEAD}  Version      Size        File name      Platform
  ------------------------------------------------
  2.0.91.11    1,204,112   Smsinstl.exe   x86
  2.0.91.11    1,611,760   Smsinstl.exe   Alpha
"
    );
    assert_eq!(
        extract(&body),
        vec![
            row("Smsinstl.exe", Some("2.0.91.11"), Some(1204112), None, None, Some("x86")),
            row("Smsinstl.exe", Some("2.0.91.11"), Some(1611760), None, None, Some("Alpha")),
        ]
    );
}

#[test]
fn file_name_size_date_time_version_platform_with_pm_times() {
    let body = format!(
        "{LEAD}  File Name    Size     Date       Time     Version     Platform
  --------------------------------------------------------------
  Fp30reg.dll  52,048   1/9/2001   3:22 PM  3.0.2.4812  x86
"
    );
    assert_eq!(
        extract(&body),
        vec![row("Fp30reg.dll", Some("3.0.2.4812"), Some(52048), Some("1/9/2001"), Some("3:22 PM"), Some("x86"))]
    );
}

#[test]
fn date_version_file_name_without_time_or_size() {
    let body = format!(
        "{LEAD}  Date         Version       File name
  --------------------------------------
  14-Mar-2002  3.0.0.790     Pdm.dll
  14-Mar-2002  3.0.0.790     PVBLoad.exe
"
    );
    assert_eq!(
        extract(&body),
        vec![
            row("Pdm.dll", Some("3.0.0.790"), None, Some("14-Mar-2002"), None, None),
            row("PVBLoad.exe", Some("3.0.0.790"), None, Some("14-Mar-2002"), None, None),
        ]
    );
}

#[test]
fn equals_underline_and_long_version() {
    let body = format!(
        "{LEAD}  File Name       Size    Date       File Version
  =====================================================
  Xprint.dll      61,440  2/7/2001   2.00.00.0001001100
"
    );
    assert_eq!(
        extract(&body),
        vec![row("Xprint.dll", Some("2.00.00.0001001100"), Some(61440), Some("2/7/2001"), None, None)]
    );
}

#[test]
fn header_without_underline() {
    let body = format!(
        "{LEAD}  File name      Version
  Async.exe      5.5.2654.40
  Xtnmsg.dll     5.5.2654.40

STATUS
"
    );
    assert_eq!(
        extract(&body),
        vec![
            row("Async.exe", Some("5.5.2654.40"), None, None, None, None),
            row("Xtnmsg.dll", Some("5.5.2654.40"), None, None, None, None),
        ]
    );
}

#[test]
fn boxed_table_with_placeholder_and_empty_row() {
    let body = format!(
        "{LEAD}Component: Message Transfer Agent (MTA)

+---------------------------+
| File name    | Version    | 
+---------------------------+
| Dcprods.cat  | N/A        | 
+---------------------------+
|              |            | 
+---------------------------+
| Emsmta.exe   | 5.5.2660.0 | 
+---------------------------+

STATUS
"
    );
    assert_eq!(
        extract(&body),
        vec![
            row("Dcprods.cat", None, None, None, None, None),
            row("Emsmta.exe", Some("5.5.2660.0"), None, None, None, None),
        ]
    );
}

#[test]
fn boxed_table_with_name_header_and_wrapped_cell() {
    let body = format!(
        "{LEAD}+--------------------------------------------------------------------+
| Name         | Size      | Date        | Time  | Version   | Platform |
+--------------------------------------------------------------------+
| Asp.dll      | 333,080   | Dec-03-2001 | 00:49 | 5.00.0990 | x86      |
+--------------------------------------------------------------------+
| Vip.386      | 80,409    | 09/23/99    | 02:39 | none      | Windows  |
|              |           |             |       |           | 98 SE    |
+--------------------------------------------------------------------+
"
    );
    assert_eq!(
        extract(&body),
        vec![
            row("Asp.dll", Some("5.00.0990"), Some(333080), Some("Dec-03-2001"), Some("00:49"), Some("x86")),
            row("Vip.386", None, Some(80409), Some("09/23/99"), Some("02:39"), Some("Windows 98 SE")),
        ]
    );
}

#[test]
fn headerless_boxed_table_under_attributes_sentence() {
    let body = format!(
        "{LEAD}Component: Internet Mail Service

+---------------------------+
| Imcmsg.dll   | 5.5.2659.0 | 
+---------------------------+
| Msexcimc.exe | 5.5.2659.0 | 
+---------------------------+
"
    );
    assert_eq!(
        extract(&body),
        vec![
            row("Imcmsg.dll", Some("5.5.2659.0"), None, None, None, None),
            row("Msexcimc.exe", Some("5.5.2659.0"), None, None, None, None),
        ]
    );
}

#[test]
fn last_column_wraps_onto_next_line() {
    let body = format!(
        "{LEAD}  Date      Time    Version    Size    File name  Platform
  -----------------------------------------------------------------
  10/02/99  01:15p  4.10.1700  75,901  Vip.386    Windows 95 (all)
  10/02/99  11:05a  4.10.2230  80,415  Vip.386    Windows 98 Second
                                                  Edition

NOTE: something else.
"
    );
    assert_eq!(
        extract(&body),
        vec![
            row("Vip.386", Some("4.10.1700"), Some(75901), Some("10/02/99"), Some("01:15p"), Some("Windows 95 (all)")),
            row(
                "Vip.386",
                Some("4.10.2230"),
                Some(80415),
                Some("10/02/99"),
                Some("11:05a"),
                Some("Windows 98 Second Edition")
            ),
        ]
    );
}

#[test]
fn two_tables_one_spelled_filename_with_trailing_spaces() {
    let body = "\
IIS 4.0:

The English version of this fix has the file attributes (or later) that are
listed in the following table.

  Date         Time   Version       Size  File name
  ----------------------------------------------------
  02-May-2002  08:12  4.2.780.1  330,704  Asp.dll          
  02-May-2002  08:11  4.2.780.1   88,040  Wam.dll

IIS 5.0:

To resolve this problem, obtain the latest service pack.

  Date         Time   Version        Size     Filename
  ------------------------------------------------------
  21-Apr-2002  22:57  5.0.2195.5630  348,960  W3svc.dll       
";
    assert_eq!(
        extract(body),
        vec![
            row("Asp.dll", Some("4.2.780.1"), Some(330704), Some("02-May-2002"), Some("08:12"), None),
            row("Wam.dll", Some("4.2.780.1"), Some(88040), Some("02-May-2002"), Some("08:11"), None),
            row("W3svc.dll", Some("5.0.2195.5630"), Some(348960), Some("21-Apr-2002"), Some("22:57"), None),
        ]
    );
}

#[test]
fn table_without_version_and_platform_family_words() {
    let body = format!(
        "{LEAD}  Date       Time   File name   Platform
  ---------------------------------------------
  12-Feb-01  08:40  Update.sql  Intel and Alpha
"
    );
    assert_eq!(
        extract(&body),
        vec![row("Update.sql", None, None, Some("12-Feb-01"), Some("08:40"), Some("Intel and Alpha"))]
    );
}

#[test]
fn br_markup_is_not_part_of_values() {
    let body = format!(
        "{LEAD}  Date      Time    Version      Size    File name     Platform
  -------------------------------------------------------------<BR>
  11-02-99  3:17PM  4.2.731.1   82,400   w3svc.dll     x86<BR/>
  11-02-99  3:17PM  4.2.731.1   127,248  w3svc.dll     alpha<br>
"
    );
    assert_eq!(
        extract(&body),
        vec![
            row("w3svc.dll", Some("4.2.731.1"), Some(82400), Some("11-02-99"), Some("3:17PM"), Some("x86")),
            row("w3svc.dll", Some("4.2.731.1"), Some(127248), Some("11-02-99"), Some("3:17PM"), Some("alpha")),
        ]
    );
}

#[test]
fn language_and_locale_columns_are_not_platforms() {
    let body = format!(
        "{LEAD}  Date      Time      Version   Size    File name  Locale
  -----------------------------------------------------------------
  07/30/98   8:40pm   4.00.953  462,600 User.exe   French (Standard)

File Name     Size        Date          File Version     Language
--------------------------------------------------------------------------------
Mscal32.dll     216,400   03-Jan-2000   7.05.1462.0009   001031 German (Germany)
"
    );
    assert_eq!(
        extract(&body),
        vec![
            row("User.exe", Some("4.00.953"), Some(462600), Some("07/30/98"), Some("8:40pm"), None),
            row("Mscal32.dll", Some("7.05.1462.0009"), Some(216400), Some("03-Jan-2000"), None, None),
        ]
    );
}

#[test]
fn operating_system_column_gives_platform() {
    let body = format!(
        "{LEAD}  Date         Time   Version        Size    File name     Operating system
  -------------------------------------------------------------------------
  09-Mar-2002  11:02  5.1.2600.40    55,560  OHCI1394.SYS  Windows XP
"
    );
    assert_eq!(
        extract(&body),
        vec![row(
            "OHCI1394.SYS",
            Some("5.1.2600.40"),
            Some(55560),
            Some("09-Mar-2002"),
            Some("11:02"),
            Some("Windows XP")
        )]
    );
}

#[test]
fn rows_shifted_against_header_and_times_with_a_space() {
    let body = format!(
        "{LEAD}  Date      Time                 Size      File name     Platform
  -------------------------------------------------------------
10/27/1999   4:20 pm              175,400   Winsrv.dll     x86
10/27/1999   4:19 pm              314,150   Winsrv.dll     Alpha
"
    );
    assert_eq!(
        extract(&body),
        vec![
            row("Winsrv.dll", None, Some(175400), Some("10/27/1999"), Some("4:20 pm"), Some("x86")),
            row("Winsrv.dll", None, Some(314150), Some("10/27/1999"), Some("4:19 pm"), Some("Alpha")),
        ]
    );
}

#[test]
fn row_groups_labels_units_and_bracketed_platforms() {
    let body = format!(
        "{LEAD}  Date      Time                 Size          File name     Platform
  -------------------------------------------------------------
  Traditional Chinese
  03/20/99  05:10p         69,140 bytes   Ftpsvc2.dll   (x86)
  03/20/99  05:10p             105 KB     Ftpsvc2.dll   <Alpha>

  Korean
  03/20/99  05:11p             157,290b   Ftpsvc2.dll   x86

NOTE: Apply the files above to the server.
"
    );
    assert_eq!(
        extract(&body),
        vec![
            row("Ftpsvc2.dll", None, Some(69140), Some("03/20/99"), Some("05:10p"), Some("x86")),
            row("Ftpsvc2.dll", None, None, Some("03/20/99"), Some("05:10p"), Some("Alpha")),
            row("Ftpsvc2.dll", None, Some(157290), Some("03/20/99"), Some("05:11p"), Some("x86")),
        ]
    );
}

#[test]
fn long_dates_and_odd_times() {
    let body = format!(
        "{LEAD}  Date             Time        Version         Size        File name
  --------------------------------------------------------------------------
  October 9, 2000  3:32:23 PM  2.00.1493.2160  4,188,700   Smsprov.dll
  30 May 2001      1816        5.0.2195.3610     246,100   Httpext.dll
  12-July-2001     11.31am     4.0.1381.7100     343,400   Rpcrt4.dll
"
    );
    assert_eq!(
        extract(&body),
        vec![
            row(
                "Smsprov.dll",
                Some("2.00.1493.2160"),
                Some(4188700),
                Some("October 9, 2000"),
                Some("3:32:23 PM"),
                None
            ),
            row("Httpext.dll", Some("5.0.2195.3610"), Some(246100), Some("30 May 2001"), Some("1816"), None),
            row("Rpcrt4.dll", Some("4.0.1381.7100"), Some(343400), Some("12-July-2001"), Some("11.31am"), None),
        ]
    );
}

#[test]
fn rounded_size_with_exact_bytes_in_brackets() {
    let body = format!(
        "{LEAD}+------------------------------------------------------+
| File name    | Version     | Size                     |
+------------------------------------------------------+
| OLEPro32.dll | 5.0.4275.1  | 160KB (164,120 bytes)    |
+------------------------------------------------------+
| VBRun60.inf  | N/A         | 1.04KB (1,072 bytes)     |
+------------------------------------------------------+
"
    );
    assert_eq!(
        extract(&body),
        vec![
            row("OLEPro32.dll", Some("5.0.4275.1"), Some(164120), None, None, None),
            row("VBRun60.inf", None, Some(1072), None, None, None),
        ]
    );
}

#[test]
fn headerless_rows_under_attributes_sentence() {
    let body = "\
Windows NT 4.0

This fix should have the following time stamp:

  02/05/98  09:31p               46,300 Eventlog.dll (Intel)
  02/05/98  09:30p               81,424 Eventlog.dll (Alpha)

The English version of this fix should have the following file attributes:

  Listen.exe     7/30/98    6:20p    72,511 bytes (version 3.0.5)

NOTE: This text is not a row: 1/2/99 A.dll 4.0.0.
";
    assert_eq!(
        extract(body),
        vec![
            row("Eventlog.dll", None, Some(46300), Some("02/05/98"), Some("09:31p"), Some("Intel")),
            row("Eventlog.dll", None, Some(81424), Some("02/05/98"), Some("09:30p"), Some("Alpha")),
            row("Listen.exe", Some("3.0.5"), Some(72511), Some("7/30/98"), Some("6:20p"), None),
        ]
    );
}

#[test]
fn wrapped_descriptions_are_read_past() {
    let body = "\
The following table lists the files installed by the Library Files Update:

  Filename       Version       Description
  -----------------------------------------------------------------------
  Msvcrt.dll     6.00.8400     Run-time library with no dependencies.
  Oleaut32.dll   2.30.4270     Automation library that goes with the
                               class library and the Basic run-time.
  Regsvr32.exe                 Registers the two libraries above and
                               nothing else.

STATUS
";
    assert_eq!(
        extract(body),
        vec![
            row("Msvcrt.dll", Some("6.00.8400"), None, None, None, None),
            row("Oleaut32.dll", Some("2.30.4270"), None, None, None, None),
            row("Regsvr32.exe", None, None, None, None, None),
        ]
    );
}

#[test]
fn file_name_only_table_after_attributes_sentence() {
    let body = format!("{LEAD}  File name\n  ---------\n  Ole32.dll\n  Rpcss.exe\n\nWORKAROUND\n");
    assert_eq!(
        extract(&body),
        vec![row("Ole32.dll", None, None, None, None, None), row("Rpcss.exe", None, None, None, None, None),]
    );
}

#[test]
fn prose_and_listings_give_no_rows() {
    // A sentence that names the columns is no header.
    let prose = "To check the file name, version and size of the file, open its\n\
                     properties. The file name Setup.exe 1.2.3.4 is shown there.\n";
    assert_eq!(extract(prose), vec![]);
    // A sample's contents in an article that never mentions a fix.
    let sample = "The Grid.exe sample contains the following files:

  File name      Size     Date
  ------------------------------
  Grid.frm       12,288   4/2/99
  Readme.txt      2,048   4/2/99
";
    assert_eq!(extract(sample), vec![]);
    // A download listing with rounded sizes only.
    let listing = "This update is in the following files:

  FileName                  Size
  ------------------------------
  Readme.txt                 5KB
  Setup.exe                 52KB
";
    assert_eq!(extract(listing), vec![]);
}

#[test]
fn junk_does_not_panic() {
    let junk = [
        "",
        "\u{0}\u{1}\u{fffd}File name Version\n|||\n+--+\n| é | ü |\n",
        "File name  Version\n----\n\u{a0}\u{a0}x.dll\t1.2\n",
        "| File name | Version |\n| a.dll |\n| b.dll | 1.0 | 2.0 | 3.0 |\n",
        "  Date  Time  File name\n  --\n  1/1/1 1:1 ..........\n",
    ];
    for j in junk {
        let _ = extract(j);
    }
    let big = format!("{LEAD}  File name    Version\n  ---------------------\n{}", "  A.dll  1.0.0\n".repeat(20_000));
    assert_eq!(extract(&big).len(), 20_000);
    let long_line = format!("File name Version {}\n", "x ".repeat(1_000_000));
    assert_eq!(extract(&long_line), vec![]);
    // Huge rows and triggers on one line stay linear.
    let huge_row = format!(
        "{LEAD}  File name    Version\n  ---------------------\n  {}\n",
        "A.dll  1.0.0  <BR>  ".repeat(100_000)
    );
    assert_eq!(extract(&huge_row), vec![]);
    let triggers = "file name +- attributes: time stamp ".repeat(100_000);
    assert_eq!(extract(&triggers), vec![]);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    /// Table-like noise (bars, rules, dates, versions, names) never
    /// panics, whatever its shape.
    #[test]
    fn table_noise_does_not_panic(s in "(File name|Version|Size|Date|Time|Platform|\\| |\\+---\\+|----|\n|  |1/2/99|9:54a|4.00.950|811,792|A.dll|x86|N/A|é|\t){0,60}") {
        let _ = extract(&s);
    }
}
