//! The plain `#[derive(Deserialize)]` baseline of the serde benchmarks: the
//! SetupIntent tree with `Option` everywhere, strings for enums, and
//! `next_action` as a struct with one `Option` per member. Shared by
//! `serde.rs` and `serde_allocs.rs`.

#![allow(dead_code)] // each bench uses part of it

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Defines a struct whose fields are all `Option`s, skipped when `None`, as
/// the generated structs do.
macro_rules! plain_struct {
    ($name:ident $(<$param:ident>)? { $($field:ident : $ty:ty),* $(,)? }) => {
        #[allow(non_snake_case)]
        #[derive(Debug, Deserialize, Serialize)]
        pub struct $name $(<$param>)? {
            $(
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
        }
    };
}

plain_struct!(PlainSetupIntent<PM> {
    id: String,
    object: String,
    cancellation_reason: String,
    client_secret: String,
    created: i64,
    customer: String,
    description: String,
    last_setup_error: PlainLastSetupError,
    latest_attempt: String,
    livemode: bool,
    mandate: String,
    metadata: BTreeMap<String, String>,
    next_action: PlainNextAction,
    payment_method: PM,
    payment_method_options: PlainPaymentMethodOptions,
    payment_method_types: Vec<String>,
    single_use_mandate: String,
    status: String,
    usage: String,
    return_url: String,
});

plain_struct!(PlainLastSetupError {
    code: String,
    decline_code: String,
    message: String,
    param: String,
    payment_method: PlainPaymentMethod,
    payment_method_type: String,
    r#type: String,
});

plain_struct!(PlainPaymentMethod {
    id: String,
    object: String,
    created: i64,
    customer: String,
    metadata: BTreeMap<String, String>,
    livemode: bool,
    billing_details: PlainBillingDetails,
    r#type: String,
    card: PlainCard,
});

plain_struct!(PlainBillingDetails {
    address: PlainAddress,
    email: String,
    name: String,
    phone: String,
});

plain_struct!(PlainAddress {
    city: String,
    country: String,
    line1: String,
    line2: String,
    postal_code: String,
    state: String,
});

plain_struct!(PlainCard {
    brand: String,
    checks: PlainChecks,
    country: String,
    exp_month: i32,
    exp_year: i32,
    fingerprint: String,
    funding: String,
    last4: String,
    metadata: BTreeMap<String, String>,
});

plain_struct!(PlainChecks {
    address_line1_check: String,
    address_zip_check: String,
    cvc_check: String,
});

plain_struct!(PlainPaymentMethodOptions {
    card: PlainPaymentMethodOptionsCard,
});

plain_struct!(PlainPaymentMethodOptionsCard {
    request_three_d_secure: String,
});

plain_struct!(PlainNextAction {
    r#type: String,
    redirect_to_url: PlainUrl,
    ddc_redirect: PlainUrl,
    challenge_redirect: PlainUrl,
    alipayplus_handle_redirect: PlainAlipayplus,
    alipay_handle_redirect: PlainAlipay,
    wechat_pay_display_qr_code: PlainQrCode,
    wechat_pay_redirect_to_android_app: PlainNativeUrl,
    wechat_pay_redirect_to_ios_app: PlainNativeUrl,
    wechat_pay_redirect_to_web: PlainUrl,
    wechat_pay_official_account_params: PlainOfficialAccount,
    truemoney_handle_redirect: PlainUrl,
    akulaku_handle_redirect: PlainUrl,
    bank_transfer_id_handle_redirect: PlainUrl,
    promptpay_handle_redirect: PlainUrl,
    dana_handle_redirect: PlainUrl,
    shopeepay_handle_redirect: PlainUrl,
    gcash_handle_redirect: PlainUrl,
    rabbit_line_pay_handle_redirect: PlainUrl,
    alipay_hk_handle_redirect: PlainUrl,
    bpi_handle_redirect: PlainUrl,
    pix_handle_redirect: PlainPix,
    oxxo_handle_redirect: PlainOxxo,
    spei_display_details: PlainEmpty,
});

plain_struct!(PlainUrl {
    return_url: String,
    url: String,
});

plain_struct!(PlainNativeUrl { native_url: String });

plain_struct!(PlainAlipayplus {
    return_url: String,
    schemeUrl: String,
    applinkUrl: String,
    normalUrl: String,
});

plain_struct!(PlainAlipay {
    native_data: String,
    native_url: String,
    return_url: String,
    url: String,
});

plain_struct!(PlainQrCode {
    data: String,
    data_ur: String,
    image_url_png: String,
    image_url_svg: String,
});

plain_struct!(PlainOfficialAccount {
    appId: String,
    timeStamp: String,
    nonceStr: String,
    signType: String,
    paySign: String,
    package: String,
});

plain_struct!(PlainPix {
    url: String,
    qrcode: String,
    timeout: i64,
});

plain_struct!(PlainOxxo {
    timeout: String,
    bar_code: String,
    url: String,
});

plain_struct!(PlainEmpty {});

/// The documentation examples send `payment_method` as an id.
pub type PlainExample = PlainSetupIntent<String>;
/// The realistic payload sends it expanded.
pub type PlainRealistic = PlainSetupIntent<PlainPaymentMethod>;
