//! Names and titles as typed: without folders, control characters or bidirectional overrides.

/// Whether `c` changes the direction or visibility of the text around it: the Unicode bidirectional
/// controls (embeddings, overrides, isolates, marks). In a file name or a title they make
/// `invoice<U+202E>fdp.exe` read as `invoiceexe.pdf`; they are taken out.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The longest file name kept, in characters.
pub const FILE_NAME_MAX: usize = 200;

/// A file name fit to show and to send back: its last path segment, without control or
/// bidirectional characters, trimmed, at most [`FILE_NAME_MAX`] characters.
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    base.chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .take(FILE_NAME_MAX)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A line of text as typed (a title, a name), without bidirectional controls.
pub fn without_bidi_controls(text: &str) -> String {
    text.chars().filter(|c| !is_bidi_control(*c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_folders_controls_and_direction_overrides() {
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("C:\\Users\\a\\brief.pdf"), "brief.pdf");
        assert_eq!(clean_file_name("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        assert_eq!(clean_file_name("a\u{2066}b\u{2069}\u{0007}.txt"), "ab.txt");
        assert_eq!(clean_file_name(&"x".repeat(500)).chars().count(), FILE_NAME_MAX);
        assert_eq!(without_bidi_controls("Title \u{202E}evil"), "Title evil");
    }
}
