//! Where a new reply goes: `submissions/<group>/<name>.yaml`, the folders
//! and names the shipped example uses (`african/cote-divoire.yaml`,
//! `non-member/holy-see.yaml`, `organizations/unicef.yaml`). A Member
//! State's name is checked as any reply's is: its short name on the
//! report's date, with the official name or the nearest one offered.

use std::path::PathBuf;

use super::error::SenderError;
use crate::members::{MemberTable, NameProblem, RegionalGroup};
use crate::submissions::{ReportConfig, SenderKind};

/// The reply file for `name`, relative to the project folder.
pub fn reply_path(
    config: &ReportConfig,
    name: &str,
    kind: SenderKind,
) -> Result<PathBuf, SenderError> {
    let folder = match kind {
        SenderKind::MemberState => group_folder(member_group(config, name)?),
        SenderKind::NonMemberState => "non-member",
        SenderKind::Organization => "organizations",
    };
    let stem = file_stem(name);
    if stem.is_empty() {
        return Err(SenderError {
            message: format!("{name:?} has no letters to name a file after"),
            help: None,
        });
    }
    Ok(PathBuf::from("submissions")
        .join(folder)
        .join(format!("{stem}.yaml")))
}

/// The regional group of a Member State on the report's date, or why
/// `name` is not one.
fn member_group(config: &ReportConfig, name: &str) -> Result<RegionalGroup, SenderError> {
    match MemberTable::builtin().check(name, config.date) {
        Ok(state) => Ok(state.group_on(config.date)),
        Err(problem) => Err(SenderError {
            message: problem.to_string(),
            help: Some(match &problem {
                NameProblem::UseOfficialName { official, .. } => format!("write {official:?}"),
                NameProblem::Unknown {
                    suggestion: Some(s),
                    ..
                } => format!("did you mean {s:?}?"),
                _ => "for a State that is not a Member, or an organization, give `--kind non-member-state` or `--kind organization`".into(),
            }),
        }),
    }
}

/// The folder of a regional group under `submissions/`.
fn group_folder(group: RegionalGroup) -> &'static str {
    match group {
        RegionalGroup::African => "african",
        RegionalGroup::AsiaPacific => "asia-pacific",
        RegionalGroup::EasternEuropean => "eastern-european",
        RegionalGroup::LatinAmericanCaribbean => "latin-american-caribbean",
        RegionalGroup::WesternEuropeanOther => "western-european-other",
        RegionalGroup::None => "no-group",
    }
}

/// `Côte d'Ivoire` -> `cote-divoire`: accents folded, apostrophes dropped,
/// the rest a slug.
fn file_stem(name: &str) -> String {
    let folded: String = crate::collate::fold(name)
        .chars()
        .filter(|c| !matches!(c, '\'' | '\u{2019}'))
        .collect();
    crate::escape::slug(&folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_follow_the_example() {
        assert_eq!(file_stem("Côte d'Ivoire"), "cote-divoire");
        assert_eq!(
            file_stem("Iran (Islamic Republic of)"),
            "iran-islamic-republic-of"
        );
    }
}
