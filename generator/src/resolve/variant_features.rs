//! `variants_follow_features` on a union: each variant whose payload is
//! another resource's type exists only under that resource's cargo feature,
//! so an app that receives the union (an event, say) compiles only the
//! resources it enabled; an object of a kind whose feature is off decodes as
//! the union's `Unknown` variant, losslessly.

use super::*;

impl Context {
    /// Sets the `feature` of each variant that follows one, or reports why the
    /// key does not apply to this union.
    pub(super) fn gate_variants(
        &mut self,
        file: &ParsedFile,
        path: &str,
        reason: Option<&str>,
        style: UnionStyle,
        variants: &mut [ResolvedVariant],
    ) {
        let Some(reason) = reason else {
            return;
        };
        let key_path = format!("{path}.variants_follow_features");
        if reason.trim().is_empty() {
            self.error(file, &key_path, "`variants_follow_features` takes the reason the variants follow their resources' features, e.g. `variants_follow_features: \"an app compiles only the kinds of object it handles\"`");
            return;
        }
        if style == UnionStyle::Struct {
            self.error(file, &key_path, "a `style: struct` union has no `Unknown` variant for an object whose feature is off to decode as; `variants_follow_features` needs `style: enum` or `style: embedded`");
            return;
        }
        for variant in variants.iter_mut() {
            let Some(home) = self
                .declarations
                .get(&variant.payload)
                .map(|declaration| declaration.module.as_str())
            else {
                continue;
            };
            if home != file.stem && crate::features::is_gated(home) {
                variant.feature = Some(home.to_owned());
            }
        }
        if variants.iter().all(|variant| variant.feature.is_none()) {
            self.error(
                file,
                &key_path,
                format!(
                    "no variant's type is in another resource's spec file (each is in `{}.yaml` or `{}.yaml`, compiled whenever the union is), so no variant would follow a feature; remove `variants_follow_features`",
                    file.stem,
                    crate::features::ALWAYS_COMPILED
                ),
            );
        }
    }
}
