//! The library's public API, kept small on purpose: what the integration
//! tests (`tests/testsuite`, through its `common` module) and the build
//! benchmark (`benches/build.rs`) call in-process, and nothing else. The
//! program itself is [`crate::cli`]; every other module is crate-private, so
//! that the compiler reports whatever nothing uses.

pub use crate::document::labels::typographic_quotes;
pub use crate::markdown::options as markdown_options;
pub use crate::members::MemberTable;
pub use crate::pdf::{ensure_typst, FontChoice, Typst};
pub use crate::pipeline::{prepare, prepare_typst, BuildOptions, Builder, Stage, Timings};
pub use crate::progress::Silent;
pub use crate::render::markdown::to_markdown;
pub use crate::render::number_markdown;
pub use crate::render::templates::{all_filters, BUILTIN as BUILTIN_TEMPLATES};
pub use crate::render::typst::{render as render_typst, to_typst, LAYOUT_FILE};
pub use crate::submissions::answer::sanitise as sanitise_answer;
pub use crate::submissions::reply::parse as parse_reply;
pub use crate::submissions::{reply_files, IndicatorKind, ReportConfig};
pub use crate::wordcount::count_words;
