//! Checks specific to `style: embedded` unions, whose tag is a member of the
//! payload object itself, so each variant must name a whole object schema.

use super::Context;
use crate::load::ParsedFile;
use crate::raw::RawVariant;

impl Context {
    /// Rejects the variant keys that make no sense when the payload is the
    /// tagged object itself. Returns whether the variant may be resolved on.
    pub(super) fn check_embedded_variant(
        &mut self,
        file: &ParsedFile,
        variant_path: &str,
        tag_value: &str,
        variant: &RawVariant,
    ) -> bool {
        let mut ok = true;
        if variant.payload.is_some() {
            self.error(
                file,
                &format!("{variant_path}.payload"),
                "`payload` names a sibling member, but in a `style: embedded` union the tag sits inside the payload itself; remove it",
            );
            ok = false;
        }
        if variant.fields.is_some() {
            self.error(
                file,
                &format!("{variant_path}.fields"),
                format!("a `style: embedded` variant is a whole object: give `{tag_value}` `type:` (an object schema) instead of inline `fields:`"),
            );
            ok = false;
        } else if variant.type_.is_none() {
            self.error(
                file,
                variant_path,
                format!("the variant `{tag_value}` needs `type:`, the object schema the tagged object decodes as"),
            );
            ok = false;
        }
        if variant.keep_unknown_fields.is_some() {
            self.error(
                file,
                &format!("{variant_path}.keep_unknown_fields"),
                "`keep_unknown_fields` applies to an inline payload (`fields:`); set it on the referenced schema instead",
            );
            ok = false;
        }
        ok
    }
}
