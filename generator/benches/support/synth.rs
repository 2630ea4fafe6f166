//! Synthetic spec text for the scaling benchmarks and the memory example.
//!
//! One *unit* has the size and mix of the real `spec/` folder: 24 schemas
//! (15 objects incl. a generic page, inline objects and a `keep_unknown_fields`
//! object, 5 enums, an enum-style and a struct-style union, 2 raw schemas)
//! and 7 endpoints (GET/POST, path parameters, body and query params, a
//! paged response). Scale ×k is k units; units reference unit 0 across files
//! (by value) and their predecessor (through `expandable<…>`), as resources
//! of a real API reference shared types.

#![allow(dead_code)] // each user of this module needs only part of it

use std::fmt::Write as _;

use generator::SpecSource;

/// Schemas per unit (the real spec has 24).
pub const SCHEMAS_PER_UNIT: usize = 24;
/// Endpoints per unit (the real spec has 7).
pub const ENDPOINTS_PER_UNIT: usize = 7;

/// `units` units spread over spec files of `units_per_file` units each.
pub fn synthetic_spec(units: usize, units_per_file: usize) -> Vec<SpecSource> {
    synthetic_spec_with(units, units_per_file, false)
}

/// As [`synthetic_spec`]; with `chain`, each unit's resource also holds its
/// predecessor's resource *by value* (`parent: U{u-1}Resource`), a long
/// acyclic chain of by-value containment: the worst case for the recursion
/// check of `resolve` (`box_recursive_fields`).
pub fn synthetic_spec_with(units: usize, units_per_file: usize, chain: bool) -> Vec<SpecSource> {
    assert!(units_per_file > 0);
    let files = units.div_ceil(units_per_file);
    (0..files)
        .map(|file| {
            let mut text = String::with_capacity(45_000 * units_per_file);
            let first = file * units_per_file;
            let last = (first + units_per_file).min(units);
            text.push_str("# Synthetic spec for benchmarks.\n\nschemas:\n");
            for unit in first..last {
                unit_schemas(&mut text, unit, chain);
            }
            text.push_str("\nendpoints:\n");
            for unit in first..last {
                unit_endpoints(&mut text, unit);
            }
            SpecSource::new(format!("spec/res{file}.yaml"), text)
        })
        .collect()
}

fn field(out: &mut String, indent: usize, name: &str, ty: &str, extra: &str) {
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{pad}{name}:");
    let _ = writeln!(out, "{pad}  type: {ty}");
    let _ = writeln!(
        out,
        "{pad}  description: The `{name}` member, a `{ty}`, as the reference page lists it."
    );
    for line in extra.lines().filter(|line| !line.trim().is_empty()) {
        let _ = writeln!(out, "{pad}  {}", line.trim());
    }
}

fn header(out: &mut String, name: &str, kind: &str, what: &str) {
    let _ = writeln!(out, "  {name}:");
    let _ = writeln!(out, "    kind: {kind}");
    let _ = writeln!(
        out,
        "    description: {what}, transcribed for the benchmark."
    );
    let _ = writeln!(out, "    source: \"read: Retrieve a {name} (field list)\"");
    let _ = writeln!(
        out,
        "    note: \"Field order follows the response example; required flags are not documented on the page.\""
    );
}

fn enum_values(out: &mut String, values: &[&str], long: bool) {
    out.push_str("    values:\n");
    for value in values {
        if long {
            let _ = writeln!(out, "      - value: {value}");
            let _ = writeln!(out, "        description: The `{value}` case.");
        } else {
            let _ = writeln!(out, "      - {value}");
        }
    }
}

const KINDS: &[&str] = &[
    "card",
    "alipayplus",
    "alipay",
    "wechat_pay",
    "sepa_debit",
    "gcash",
    "klarna",
    "ideal",
    "p24",
    "bank_transfer_id",
    "9pay",
    "upi",
];

fn unit_schemas(out: &mut String, u: usize, chain: bool) {
    let p = format!("U{u}");
    let inferred = "source: \"inferred: only seen in a response example\"";
    let note = "note: \"D1: typed as a plain string id on the page and marked expandable.\"";

    // 1. the resource
    header(
        out,
        &format!("{p}Resource"),
        "object",
        "The main resource of this unit",
    );
    // Typed id and object name: `expandable<…>` targets need an `id_prefix`.
    let _ = writeln!(
        out,
        "    id_prefix: u{u}res_\n    object_name: u{u}_resource"
    );
    out.push_str("    fields:\n");
    field(out, 6, "id", "string", "required: true");
    field(out, 6, "object", "string", "always_present: true");
    field(out, 6, "created", "timestamp", note);
    field(out, 6, "livemode", "boolean", "");
    field(out, 6, "amount", "int64", "");
    field(out, 6, "ratio", "float64", inferred);
    field(out, 6, "count", "int32", "");
    field(out, 6, "description", "string", "nullable: true");
    field(out, 6, "client_secret", "string", "secret: true");
    field(out, 6, "metadata", "map<string>", "");
    field(out, 6, "tags", "array<string>", "");
    field(out, 6, "status", &format!("{p}Status"), "");
    field(out, 6, "cancellation_reason", &format!("{p}Reason"), "");
    field(out, 6, "usage", &format!("{p}Usage"), "");
    field(out, 6, "kinds", &format!("array<{p}Kind>"), inferred);
    field(
        out,
        6,
        "customer",
        &format!("expandable<{p}Customer>"),
        note,
    );
    field(out, 6, "mandate", &format!("expandable<{p}Mandate>"), note);
    field(
        out,
        6,
        "payment_method",
        &format!("expandable<{p}Method>"),
        note,
    );
    field(
        out,
        6,
        "latest_attempt",
        &format!("expandable<{p}Attempt>"),
        note,
    );
    field(out, 6, "last_error", &format!("{p}Error"), "");
    field(out, 6, "next_action", &format!("{p}Action"), "");
    field(out, 6, "options", &format!("{p}Options"), "");
    field(out, 6, "shipping", "U0Address", "");
    if u > 0 {
        field(
            out,
            6,
            "previous",
            &format!("expandable<U{}Resource>", u - 1),
            "",
        );
        if chain {
            field(out, 6, "parent", &format!("U{}Resource", u - 1), "");
        }
    }
    field(out, 6, "raw_payload", "json", "");
    field(out, 6, "return_url", "string", "");

    // 2-6. enums
    header(out, &format!("{p}Status"), "enum", "Lifecycle stage");
    enum_values(
        out,
        &[
            "requires_payment_method",
            "requires_confirmation",
            "requires_action",
            "processing",
            "canceled",
            "succeeded",
        ],
        false,
    );
    header(out, &format!("{p}Reason"), "enum", "Why it was canceled");
    enum_values(
        out,
        &["abandoned", "requested_by_customer", "duplicate"],
        false,
    );
    header(out, &format!("{p}Usage"), "enum", "How it is reused");
    enum_values(out, &["on_session", "off_session"], true);
    header(out, &format!("{p}Kind"), "enum", "Payment method kinds");
    enum_values(out, KINDS, false);
    header(
        out,
        &format!("{p}ErrorType"),
        "enum",
        "Broad error category",
    );
    enum_values(
        out,
        &[
            "api_error",
            "card_error",
            "idempotency_error",
            "invalid_request_error",
        ],
        true,
    );

    // 7. error
    header(out, &format!("{p}Error"), "object", "The last error");
    out.push_str("    fields:\n");
    for name in ["code", "decline_code", "message", "param"] {
        field(out, 6, name, "string", "required: true\nnullable: true");
    }
    field(out, 6, "payment_method", &format!("{p}Method"), "");
    field(
        out,
        6,
        "payment_method_type",
        &format!("{p}Kind"),
        "required: true\nnullable: true",
    );
    field(
        out,
        6,
        "type",
        &format!("{p}ErrorType"),
        "required: true\nnullable: true",
    );

    // 8-9. address, billing
    header(out, &format!("{p}Address"), "object", "A postal address");
    out.push_str("    fields:\n");
    for name in ["city", "country", "line1", "line2", "postal_code", "state"] {
        field(out, 6, name, "string", "");
    }
    header(out, &format!("{p}Billing"), "object", "Billing details");
    out.push_str("    fields:\n");
    field(out, 6, "address", &format!("{p}Address"), "");
    for name in ["email", "name", "phone"] {
        field(out, 6, name, "string", "");
    }

    // 10. payment method, with nested inline objects
    header(
        out,
        &format!("{p}Method"),
        "object",
        "A saved payment method",
    );
    let _ = writeln!(out, "    id_prefix: u{u}pm_");
    out.push_str("    fields:\n");
    field(out, 6, "id", "string", "always_present: true");
    field(out, 6, "object", "string", "");
    field(out, 6, "created", "timestamp", "");
    field(out, 6, "customer", "string", "");
    field(out, 6, "metadata", "map<string>", "");
    field(out, 6, "livemode", "boolean", "");
    field(out, 6, "billing_details", &format!("{p}Billing"), "");
    field(out, 6, "type", &format!("{p}Kind"), inferred);
    field(
        out,
        6,
        "card",
        "object",
        &format!("name: {p}MethodCard\nfields:"),
    );
    field(out, 10, "brand", "string", "");
    field(out, 10, "checks", "object", "fields:");
    for name in ["address_line1_check", "address_zip_check", "cvc_check"] {
        field(out, 14, name, "string", "");
    }
    field(out, 10, "country", "string", "");
    field(out, 10, "exp_month", "int32", "");
    field(out, 10, "exp_year", "int32", "");
    field(out, 10, "fingerprint", "string", "");
    field(out, 10, "last4", "string", "");
    field(out, 10, "metadata", "map<string>", "");

    // 11. options, with an inline object
    header(
        out,
        &format!("{p}Options"),
        "object",
        "Settings per payment method kind",
    );
    out.push_str("    fields:\n");
    field(out, 6, "card", "object", "fields:");
    field(out, 10, "request_three_d_secure", "string", inferred);

    // 12. enum-style union
    header(out, &format!("{p}Action"), "union", "The next action");
    out.push_str("    tag: type\n    style: enum\n    variants:\n");
    let variants: [(&str, &[(&str, &str)]); 4] = [
        (
            "redirect_to_url",
            &[("return_url", "string"), ("url", "string")],
        ),
        (
            "display_qr_code",
            &[
                ("data", "string"),
                ("data_ur", "string"),
                ("imageUrlPng", "string"),
                ("imageUrlSvg", "string"),
            ],
        ),
        (
            "pix_handle_redirect",
            &[
                ("url", "string"),
                ("qrcode", "string"),
                ("timeout", "int64"),
            ],
        ),
        ("spei_display_details", &[]),
    ];
    for (tag, fields) in variants {
        let _ = writeln!(out, "      {tag}:");
        let _ = writeln!(out, "        description: The `{tag}` action.");
        if fields.is_empty() {
            out.push_str("        fields: {}\n");
        } else {
            out.push_str("        fields:\n");
            for (name, ty) in fields {
                field(out, 10, name, ty, inferred);
            }
        }
    }

    // 13. struct-style union
    header(
        out,
        &format!("{p}Data"),
        "union",
        "Details of a new payment method",
    );
    let _ = writeln!(
        out,
        "    tag: type\n    style: struct\n    tag_type: {p}Kind"
    );
    out.push_str("    fields:\n");
    field(out, 6, "billing_details", &format!("{p}Billing"), "");
    out.push_str("    variants:\n");
    out.push_str("      card:\n        description: Card details.\n        fields:\n");
    for name in ["exp_month", "exp_year", "name"] {
        field(out, 10, name, "string", "");
    }
    for name in ["number", "cvc"] {
        field(out, 10, name, "string", "secret: true");
    }
    for tag in ["wechat_pay", "alipayplus"] {
        let _ = writeln!(
            out,
            "      {tag}:\n        description: The `{tag}` details.\n        fields:"
        );
        field(out, 10, "payment_code", "string", "");
    }

    // 14. keep_unknown_fields
    header(
        out,
        &format!("{p}Attempt"),
        "object",
        "One confirmation attempt",
    );
    let _ = writeln!(out, "    id_prefix: u{u}att_");
    out.push_str("    keep_unknown_fields: true\n    fields:\n");
    field(out, 6, "id", "string", "always_present: true");
    field(out, 6, "object", "string", "");

    // 15-16. raw
    header(out, &format!("{p}Customer"), "raw", "A customer, kept raw");
    header(out, &format!("{p}Mandate"), "raw", "A mandate, kept raw");

    // 17. generic page
    header(out, &format!("{p}Page"), "object", "One page of a list");
    out.push_str("    generic: T\n    fields:\n");
    field(out, 6, "object", "string", "");
    field(out, 6, "url", "string", "");
    field(out, 6, "has_more", "boolean", "");
    field(out, 6, "data", "array<T>", "");

    // 18. filter
    header(
        out,
        &format!("{p}Filter"),
        "object",
        "A creation time range",
    );
    out.push_str("    fields:\n");
    for name in ["gt", "gte", "lt", "lte"] {
        field(out, 6, name, "string", "");
    }

    // 19-21. create / update / confirm params
    for (suffix, confirm) in [("Create", false), ("Update", false), ("Confirm", true)] {
        header(out, &format!("{p}{suffix}Params"), "object", "Request body");
        out.push_str("    fields:\n");
        if suffix == "Create" {
            field(out, 6, "confirm", "boolean", "");
        }
        for name in ["customer", "description", "payment_method"] {
            field(out, 6, name, "string", "");
        }
        field(out, 6, "metadata", "map<string>", "");
        field(
            out,
            6,
            "payment_method_types",
            &format!("array<{p}Kind>"),
            inferred,
        );
        field(out, 6, "payment_method_options", &format!("{p}Options"), "");
        field(out, 6, "payment_method_data", &format!("{p}Data"), "");
        field(out, 6, "usage", &format!("{p}Usage"), "");
        let required = if confirm { "required: true" } else { "" };
        field(out, 6, "return_url", "string", required);
    }

    // 22. cancel params
    header(out, &format!("{p}CancelParams"), "object", "Request body");
    out.push_str("    fields:\n");
    field(out, 6, "cancellation_reason", &format!("{p}Reason"), "");

    // 23-24. list params
    for (suffix, filter) in [
        ("ListParams", "customer"),
        ("AttemptListParams", "resource"),
    ] {
        header(
            out,
            &format!("{p}{suffix}"),
            "object",
            "Filters and cursors",
        );
        out.push_str("    fields:\n");
        field(out, 6, "created", &format!("{p}Filter"), "");
        field(out, 6, filter, "string", "");
        field(out, 6, "limit", "int64", "");
        field(out, 6, "starting_after", "string", "");
        field(out, 6, "ending_before", "string", "");
    }
}

fn endpoint(
    out: &mut String,
    name: &str,
    method: &str,
    path: &str,
    params: Option<(&str, &str)>,
    response: &str,
) {
    let _ = writeln!(out, "  {name}:");
    let _ = writeln!(out, "    method: {method}");
    let _ = writeln!(out, "    path: {path}");
    let _ = writeln!(
        out,
        "    description: Call `{name}`, as the page documents it."
    );
    let _ = writeln!(out, "    source: \"read: {name} page\"");
    let placeholders: Vec<&str> = path
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    if !placeholders.is_empty() {
        out.push_str("    path_params:\n");
        for placeholder in placeholders {
            let _ = writeln!(
                out,
                "      {placeholder}:\n        description: Identifier of the object."
            );
        }
    }
    if let Some((params, params_in)) = params {
        let _ = writeln!(out, "    params: {params}\n    params_in: {params_in}");
    }
    let _ = writeln!(out, "    response: {response}");
}

fn unit_endpoints(out: &mut String, u: usize) {
    let p = format!("U{u}");
    let base = format!("/v1/u{u}/resources");
    let resource = format!("{p}Resource");
    let one = format!("{base}/{{id}}");
    endpoint(
        out,
        &format!("create_u{u}"),
        "POST",
        &base,
        Some((&format!("{p}CreateParams"), "body")),
        &resource,
    );
    endpoint(out, &format!("retrieve_u{u}"), "GET", &one, None, &resource);
    endpoint(
        out,
        &format!("update_u{u}"),
        "POST",
        &one,
        Some((&format!("{p}UpdateParams"), "body")),
        &resource,
    );
    endpoint(
        out,
        &format!("confirm_u{u}"),
        "POST",
        &format!("{one}/confirm"),
        Some((&format!("{p}ConfirmParams"), "body")),
        &resource,
    );
    endpoint(
        out,
        &format!("cancel_u{u}"),
        "POST",
        &format!("{one}/cancel"),
        Some((&format!("{p}CancelParams"), "body")),
        &resource,
    );
    endpoint(
        out,
        &format!("list_u{u}"),
        "GET",
        &base,
        Some((&format!("{p}ListParams"), "body")),
        &format!("{p}Page<{resource}>"),
    );
    endpoint(
        out,
        &format!("list_attempts_u{u}"),
        "GET",
        &format!("{one}/attempts/{{attempt_id}}"),
        Some((&format!("{p}AttemptListParams"), "query")),
        &format!("{p}Page<{p}Attempt>"),
    );
}
