//! Stage 1: read report.yaml and every reply, and check them against the input
//! contract (documented for users in `docs/format.md`). Everything wrong is reported at once.

pub mod answer;
mod load;
pub mod placeholders;
pub mod reply;
pub mod report_config;
mod warnings;
mod yaml;
mod yaml_hints;

pub use load::{load_config, load_replies, reply_files, LoadedConfig, Project, ReplyCache};
pub use reply::{IndicatorValue, Reply, SenderKind};
pub use report_config::{Chart, IndicatorKind, ReportConfig, Status};
pub use warnings::warnings;
