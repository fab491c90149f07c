//! The SPARQL front end on any text: parsing with the predeclared
//! prefixes (prepare) and the scope analysis that decides which quads a
//! query from text loads. Nothing is evaluated.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use plangraph::store::PlanStore;

fn store() -> &'static PlanStore {
    static STORE: OnceLock<PlanStore> = OnceLock::new();
    STORE.get_or_init(|| PlanStore::new().expect("an empty store"))
}

fuzz_target!(|text: &str| {
    let _ = store().prepare(text);
    let _ = plangraph::query_scope::scope_of(text);
});
