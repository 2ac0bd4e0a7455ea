//! Blocks and sections as the binary-document readers (`.docx`, PDF) build
//! them: every block (headings included) in the body, paragraphs separated
//! by blank lines, and one section per heading, `BODY` for the text before
//! the first heading (when there is any), as the Markdown renderer makes them.
use crate::article::Section;

/// A document's text being built, block by block.
#[derive(Debug)]
pub(crate) struct Outline {
    blocks: Vec<String>,
    sections: Vec<Section>,
    /// The open section's name and blocks.
    name: String,
    open: Vec<String>,
}

impl Default for Outline {
    fn default() -> Self {
        Outline { blocks: Vec::new(), sections: Vec::new(), name: "BODY".into(), open: Vec::new() }
    }
}

impl Outline {
    /// A heading: a block of the body, and the start of a section.
    pub(crate) fn heading(&mut self, name: String) {
        self.close();
        self.name = name.clone();
        self.blocks.push(name);
    }

    /// A paragraph (or a table, a code block) of the open section.
    pub(crate) fn block(&mut self, text: String) {
        self.open.push(text.clone());
        self.blocks.push(text);
    }

    /// Whether no block has been added.
    pub(crate) fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// The body and the sections.
    pub(crate) fn finish(mut self) -> (String, Vec<Section>) {
        self.close();
        (self.blocks.join("\n\n"), self.sections)
    }

    fn close(&mut self) {
        let name = std::mem::take(&mut self.name);
        let open = std::mem::take(&mut self.open);
        if name != "BODY" || !open.is_empty() {
            self.sections.push(Section { name, text: open.join("\n\n") });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_only_when_it_holds_text() {
        let mut o = Outline::default();
        o.heading("Fix".into());
        o.block("1. Restart.".into());
        o.heading("Notes".into());
        let (body, sections) = o.finish();
        assert_eq!(body, "Fix\n\n1. Restart.\n\nNotes");
        assert_eq!(
            sections,
            [
                Section { name: "Fix".into(), text: "1. Restart.".into() },
                Section { name: "Notes".into(), text: String::new() }
            ]
        );
        let mut o = Outline::default();
        o.block("Intro.".into());
        assert_eq!(o.finish().1, [Section { name: "BODY".into(), text: "Intro.".into() }]);
    }
}
