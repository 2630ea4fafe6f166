//! Rendering a list of changes as plain text or as Markdown for a pull
//! request description.

use super::compare::{Change, Severity};

/// The changes between two models, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeReport {
    pub changes: Vec<Change>,
}

const SEVERITIES: [Severity; 3] = [
    Severity::Breaking,
    Severity::Additive,
    Severity::Documentation,
];

impl ChangeReport {
    /// How many changes have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.changes
            .iter()
            .filter(|change| change.severity == severity)
            .count()
    }

    pub fn has_breaking(&self) -> bool {
        self.count(Severity::Breaking) > 0
    }

    /// `3 breaking, 12 additive, 1 documentation only`.
    pub fn summary(&self) -> String {
        SEVERITIES
            .iter()
            .map(|&severity| format!("{} {}", self.count(severity), severity.label()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The version bump the changes call for. The crate is still 0.x, where
    /// Cargo treats the minor number as the major one.
    pub fn version_bump(&self) -> &'static str {
        if self.has_breaking() {
            "major (minor while the version is 0.x)"
        } else if self.count(Severity::Additive) > 0 {
            "minor (patch while the version is 0.x)"
        } else if self.changes.is_empty() {
            "none"
        } else {
            "patch"
        }
    }

    /// The summary, the suggested bump, then one line per change:
    /// `breaking: field SetupIntent.usage: removed; code reading ...`.
    pub fn render_text(&self) -> String {
        let mut out = format!(
            "{}\nsuggested version bump: {}\n",
            self.summary(),
            self.version_bump()
        );
        for change in &self.changes {
            out.push_str(&format!(
                "{}: {} {}: {}; {}\n",
                change.severity.label(),
                change.kind.label(),
                change.key,
                change.what,
                change.why
            ));
        }
        out
    }

    /// The summary in bold, then one section per severity that has changes.
    pub fn render_markdown(&self) -> String {
        let mut out = format!(
            "**API changes: {}.** Suggested version bump: {}.\n",
            self.summary(),
            self.version_bump()
        );
        for severity in SEVERITIES {
            let changes: Vec<&Change> = self
                .changes
                .iter()
                .filter(|change| change.severity == severity)
                .collect();
            if changes.is_empty() {
                continue;
            }
            let mut title = severity.label().to_owned();
            title[..1].make_ascii_uppercase();
            out.push_str(&format!("\n#### {title} ({})\n\n", changes.len()));
            for change in changes {
                out.push_str(&format!(
                    "- {} `{}`: {} — {}\n",
                    change.kind.label(),
                    change.key,
                    change.what,
                    change.why
                ));
            }
        }
        out
    }
}
