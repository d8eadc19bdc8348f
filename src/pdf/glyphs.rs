//! Which characters the PDF can show. typst sets each character in the first
//! font of the layout's list that has it, else in any other font it was given
//! (the chosen body face, the project's `fonts/`, and the fonts typst 0.15.1
//! carries inside itself); a character none of them has prints as an empty box.
//! [`Coverage`] is the union of those fonts' character maps, so the build can
//! name such characters before a reader finds the boxes.

use std::path::Path;
use std::sync::OnceLock;

use super::FontChoice;

const WORDS: usize = (char::MAX as usize + 1) / 64;

/// A set of characters, one bit each.
#[derive(Clone)]
pub struct Coverage {
    bits: Box<[u64]>,
}

impl std::fmt::Debug for Coverage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Coverage({} characters)", self.len())
    }
}

impl Coverage {
    fn empty() -> Coverage {
        Coverage {
            bits: vec![0; WORDS].into_boxed_slice(),
        }
    }

    /// The characters typst can print with `font`: its files, the project's
    /// fonts and typst's own embedded fonts. Font files that cannot be read or
    /// parsed add nothing (typst skips them too).
    pub fn of(font: &FontChoice) -> Coverage {
        let mut c = embedded().clone();
        for file in font.files.iter().chain(&font.project_fonts) {
            c.add_file(file);
        }
        c
    }

    pub fn contains(&self, c: char) -> bool {
        let n = c as usize;
        self.bits[n / 64] & (1 << (n % 64)) != 0
    }

    /// How many characters are covered.
    pub fn len(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The characters of `text` no font has, each once, in order of first
    /// appearance. White space, control and other invisible formatting
    /// characters never count: they print as nothing anyway.
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for c in text.chars() {
            if !self.contains(c) && !invisible(c) && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    fn insert(&mut self, n: u32) {
        let n = n as usize;
        if n < WORDS * 64 {
            self.bits[n / 64] |= 1 << (n % 64);
        }
    }

    fn add_file(&mut self, path: &Path) {
        if let Ok(data) = std::fs::read(path) {
            self.add_font_data(&data);
        }
    }

    /// Every face of a font file or collection (`.ttc`).
    fn add_font_data(&mut self, data: &[u8]) {
        let faces = ttf_parser::fonts_in_collection(data).unwrap_or(1);
        for index in 0..faces {
            let Ok(face) = ttf_parser::Face::parse(data, index) else {
                continue;
            };
            let Some(cmap) = face.tables().cmap else {
                continue;
            };
            // What typst itself counts as a font's coverage when it looks
            // for a fallback: every code point of its Unicode cmaps.
            for sub in cmap.subtables {
                if sub.is_unicode() {
                    sub.codepoints(|cp| self.insert(cp));
                }
            }
        }
    }
}

/// Characters that show nothing, so need no glyph.
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{00AD}'                // soft hyphen
            | '\u{034F}'              // combining grapheme joiner
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}' // zero width space, joiners, marks
            | '\u{202A}'..='\u{202E}' // bidi embeddings
            | '\u{2060}'..='\u{206F}' // word joiner, invisible operators
            | '\u{FE00}'..='\u{FE0F}' // variation selectors
            | '\u{FEFF}'
            | '\u{E0000}'..='\u{E0FFF}' // tags, variation selectors supplement
        )
}

fn embedded() -> &'static Coverage {
    static EMBEDDED: OnceLock<Coverage> = OnceLock::new();
    EMBEDDED.get_or_init(|| {
        let mut c = Coverage::empty();
        for data in typst_assets::fonts() {
            c.add_font_data(data);
        }
        c
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn embedded_choice() -> FontChoice {
        FontChoice {
            family: "Libertinus Serif".into(),
            files: Vec::new(),
            project_fonts: Vec::new(),
        }
    }

    #[test]
    fn the_embedded_fonts_cover_latin_and_typography_but_not_everything() {
        let c = Coverage::of(&embedded_choice());
        assert!(c.len() > 2000, "{c:?}");
        assert_eq!(
            c.missing("Côte d’Ivoire — “Türkiye”, São Tomé, 1–2 … § € ½"),
            Vec::<char>::new()
        );
        // Set by typst from its math font, as checked with typst 0.15.1.
        assert_eq!(c.missing("∀ ⊕ ℵ ⨁ Ж Ω ą ğ"), Vec::<char>::new());
        // Malayalam, Japanese, an emoji: typst 0.15.1 prints boxes for them.
        assert_eq!(
            c.missing("\u{0D06} 日本語 ok 日 😀"),
            vec!['\u{0D06}', '日', '本', '語', '😀']
        );
    }

    #[test]
    fn white_space_and_invisible_characters_never_count() {
        let c = Coverage::empty();
        assert_eq!(
            c.missing(" \t\n\r\u{A0}\u{200B}\u{200D}\u{FE0F}\u{AD}\u{2060}\u{1}"),
            Vec::<char>::new()
        );
        assert_eq!(c.missing("a a"), vec!['a']);
    }

    #[test]
    fn font_files_and_project_fonts_add_their_characters() {
        let text = crate::pdf::TEST_FONT_TEXT;
        let base = Coverage::of(&embedded_choice());
        assert!(!base.missing(text).is_empty());
        let file = PathBuf::from(crate::pdf::TEST_FONT);
        for with in [
            Coverage::of(&FontChoice {
                project_fonts: vec![file.clone()],
                ..embedded_choice()
            }),
            Coverage::of(&FontChoice {
                files: vec![file.clone()],
                ..embedded_choice()
            }),
        ] {
            assert_eq!(with.missing(text), Vec::<char>::new());
            assert!(with.len() > base.len());
        }
        // A file that is not a font adds nothing and does not fail.
        let junk = Coverage::of(&FontChoice {
            files: vec![
                PathBuf::from("/nonexistent.ttf"),
                PathBuf::from("/etc/hostname"),
            ],
            ..embedded_choice()
        });
        assert_eq!(junk.len(), base.len());
    }
}
