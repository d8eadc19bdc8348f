//! What the report says: the generated prose, where the cut-off date puts a
//! reply, regional groups, and the counts `sgreport status` gives.

mod cutoff;
mod prose;
mod regional_groups;
mod status;
