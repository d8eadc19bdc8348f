//! The job number's barcode line (`*0451234*`) as Code 39 bars: the one
//! drawing of it, which the PDF layout and the Word footer both place, so
//! the two print the same bars. Each character is nine elements (bar, space,
//! bar, ... bar), three of them wide; characters are parted by a narrow
//! space. A character Code 39 has no pattern for is left out (the barcode
//! line is made of digits and asterisks).

/// The narrow element's width, in points; a wide one is 2.5 times that.
const NARROW_PT: f64 = 0.55;
const WIDE_PT: f64 = NARROW_PT * 2.5;
/// The bars' height: 7 mm.
const HEIGHT_PT: f64 = 7.0 * 72.0 / 25.4;

/// Code 39: each character's nine elements, `1` for a wide one.
const PATTERNS: &[(char, &str)] = &[
    ('0', "000110100"),
    ('1', "100100001"),
    ('2', "001100001"),
    ('3', "101100000"),
    ('4', "000110001"),
    ('5', "100110000"),
    ('6', "001110000"),
    ('7', "000100101"),
    ('8', "100100100"),
    ('9', "001100100"),
    ('A', "100001001"),
    ('B', "001001001"),
    ('C', "101001000"),
    ('D', "000011001"),
    ('E', "100011000"),
    ('F', "001011000"),
    ('G', "000001101"),
    ('H', "100001100"),
    ('I', "001001100"),
    ('J', "000011100"),
    ('K', "100000011"),
    ('L', "001000011"),
    ('M', "101000010"),
    ('N', "000010011"),
    ('O', "100010010"),
    ('P', "001010010"),
    ('Q', "000000111"),
    ('R', "100000110"),
    ('S', "001000110"),
    ('T', "000010110"),
    ('U', "110000001"),
    ('V', "011000001"),
    ('W', "111000000"),
    ('X', "010010001"),
    ('Y', "110010000"),
    ('Z', "011010000"),
    ('-', "010000101"),
    ('.', "110000100"),
    (' ', "011000100"),
    ('$', "010101000"),
    ('/', "010100010"),
    ('+', "010001010"),
    ('%', "000101010"),
    ('*', "010010100"),
];

/// One black bar: its left edge and width, in points from the barcode's
/// left edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Bar {
    pub x: f64,
    pub width: f64,
}

/// The barcode of one barcode line: its text (printed under it) and bars.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Barcode {
    pub text: String,
    pub bars: Vec<Bar>,
    /// The whole width and the bars' height, in points.
    pub width: f64,
    pub height: f64,
}

impl Barcode {
    /// The bars of `text` (`*0451234*`).
    pub(crate) fn new(text: &str) -> Barcode {
        let mut bars = Vec::new();
        let mut x = 0.0;
        let mut first = true;
        for pattern in text.chars().filter_map(pattern) {
            if !first {
                x += NARROW_PT;
            }
            first = false;
            for (i, wide) in pattern.bytes().map(|b| b == b'1').enumerate() {
                let width = if wide { WIDE_PT } else { NARROW_PT };
                if i % 2 == 0 {
                    bars.push(Bar { x: round(x), width });
                }
                x += width;
            }
        }
        Barcode {
            text: text.to_string(),
            bars,
            width: round(x),
            height: round(HEIGHT_PT),
        }
    }

    /// The layout's argument: `(text: "...", width: .., height: .., bars:
    /// ((x, width), ...))`, in points.
    pub(crate) fn typst(&self) -> String {
        let bars: Vec<String> = self
            .bars
            .iter()
            .map(|b| format!("({}, {})", num(b.x), num(b.width)))
            .collect();
        format!(
            "(text: {}, width: {}, height: {}, bars: ({}{}))",
            crate::escape::typst_string(&self.text),
            num(self.width),
            num(self.height),
            bars.join(", "),
            if bars.len() == 1 { "," } else { "" }
        )
    }
}

fn pattern(c: char) -> Option<&'static str> {
    let c = c.to_ascii_uppercase();
    PATTERNS.iter().find(|(k, _)| *k == c).map(|(_, p)| *p)
}

/// To a thousandth of a point: the same bytes on every build.
fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// `1.375`, `0.55`, `3`.
fn num(x: f64) -> String {
    let s = format!("{:.3}", round(x));
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The barcode read back: each bar's and space's width as `n` or `w`.
    fn elements(b: &Barcode) -> String {
        let mut out = String::new();
        let mut end: Option<f64> = None;
        let kind = |w: f64| {
            if (w - NARROW_PT).abs() < 1e-6 {
                'n'
            } else {
                'w'
            }
        };
        for bar in &b.bars {
            if let Some(e) = end {
                out.push(kind(bar.x - e).to_ascii_uppercase());
            }
            out.push(kind(bar.width));
            end = Some(bar.x + bar.width);
        }
        out
    }

    #[test]
    fn every_character_has_three_wide_elements_of_nine() {
        for (c, p) in PATTERNS {
            assert_eq!(p.len(), 9, "{c}");
            assert_eq!(p.matches('1').count(), 3, "{c}");
        }
        let mut seen: Vec<&str> = PATTERNS.iter().map(|(_, p)| *p).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), PATTERNS.len(), "two characters share a pattern");
    }

    #[test]
    fn the_start_character_a_digit_and_the_gap_between_them() {
        // `*` is n W n N w N w N n (bars lower case, spaces upper), then a
        // narrow gap, then `0`: n N n W w N w N n.
        let b = Barcode::new("*0");
        assert_eq!(elements(&b), "nWnNwNwNnNnNnWwNwNn");
        assert_eq!(b.bars.len(), 10);
        // 2 characters of 6 narrow and 3 wide elements, and one gap.
        assert!((b.width - (2.0 * (6.0 * 0.55 + 3.0 * 1.375) + 0.55)).abs() < 1e-9);
        assert!((b.height - 19.843).abs() < 1e-9);
    }

    #[test]
    fn characters_without_a_pattern_are_left_out_and_letters_in_any_case() {
        assert_eq!(Barcode::new("*0(é)*").bars, Barcode::new("*0*").bars);
        assert_eq!(Barcode::new("a").bars, Barcode::new("A").bars);
        assert!(Barcode::new("").bars.is_empty());
    }

    #[test]
    fn typst_gets_the_text_and_the_bars_in_points() {
        let t = Barcode::new("*").typst();
        assert_eq!(
            t,
            "(text: \"*\", width: 7.425, height: 19.843, bars: ((0, 0.55), (1.925, 0.55), (3.025, 1.375), (4.95, 1.375), (6.875, 0.55)))"
        );
        assert!(Barcode::new("\"#").typst().starts_with("(text: \"\\\"#\","));
    }
}
