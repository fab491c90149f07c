//! The unit alias table: every surface form → one canonical unit.

/// What the alias table says about a surface form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Canonical simplified name.
    pub name: String,
    /// False when the name is not in the table (it still becomes a unit).
    pub known: bool,
}

/// Resolves a surface form (any script, any known alias) to its unit.
pub fn resolve(surface: &str) -> Resolved {
    Resolved {
        name: surface.to_string(),
        known: false,
    }
}
