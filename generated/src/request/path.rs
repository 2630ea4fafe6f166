//! Paths: encoding a segment, and refusing a path that would leave the
//! API's `/v1/` once normalised (empty or dot segments, `?`, `#`, `\`).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::Error;

/// Characters left as they are in a path segment: RFC 3986 "unreserved".
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes `segment` for use as one path segment.
///
/// Everything except ASCII letters, digits, `-`, `.`, `_` and `~` is encoded,
/// so `/`, `?`, `#`, `%` and spaces cannot change the request's path or
/// query. (A segment that is empty, `.` or `..` is refused when the request
/// is sent, since URL normalisation would otherwise change the path.)
pub fn encode_path_segment(segment: &str) -> String {
    utf8_percent_encode(segment, PATH_SEGMENT).to_string()
}

/// Refuses paths that URL normalisation would change (empty or dot
/// segments), and raw `?`/`#`.
pub(super) fn check_path(path: &str) -> Result<(), Error> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err(Error::Request(
            "the request path must start with `/`".to_owned(),
        ));
    };
    if path.contains(['?', '#']) {
        return Err(Error::Request(
            "the request path must not contain `?` or `#`".to_owned(),
        ));
    }
    for segment in rest.split('/') {
        if segment.is_empty() || read_segment(segment).is_dot_segment() {
            return Err(Error::Request(
                "a path parameter is empty or a dot segment (`.` or `..`)".to_owned(),
            ));
        }
    }
    Ok(())
}

/// Checks the path of the URL as it will be sent, after the URL parser has
/// read it (it takes `\` for `/` and resolves `%2e%2e`): it must still start
/// with the base URL's path and `/v1/`, and no segment may be empty or a
/// dot segment once percent-decoded. Whatever the path looked like, a
/// request that would leave the API is never sent with the key.
pub(super) fn check_final_path(url: &reqwest::Url, api_path_prefix: &str) -> Result<(), Error> {
    let refuse = || {
        Err(Error::Request(
            "the request path leaves the API's `/v1/` path once the URL is parsed \
             (a `\\`, an encoded dot segment or an empty segment)"
                .to_owned(),
        ))
    };
    let Some(rest) = url.path().strip_prefix(api_path_prefix) else {
        return refuse();
    };
    for segment in rest.split('/') {
        let read = read_segment(segment);
        if segment.is_empty() || read.is_dot_segment() || read.backslash {
            return refuse();
        }
    }
    Ok(())
}

/// What a path segment holds once percent-decoded, as far as the path
/// checks care. Read without allocating: these checks run on every call.
struct SegmentBytes {
    dots: usize,
    others: usize,
    backslash: bool,
}

impl SegmentBytes {
    /// `.` or `..`, which URL normalisation would resolve.
    fn is_dot_segment(&self) -> bool {
        self.others == 0 && matches!(self.dots, 1 | 2)
    }
}

fn read_segment(segment: &str) -> SegmentBytes {
    let mut read = SegmentBytes {
        dots: 0,
        others: 0,
        backslash: false,
    };
    // The common case, an id or a name: nothing to decode or look at.
    if !segment
        .bytes()
        .any(|byte| matches!(byte, b'%' | b'.' | b'\\'))
    {
        read.others = segment.len();
        return read;
    }
    for byte in percent_encoding::percent_decode_str(segment) {
        match byte {
            b'.' => read.dots += 1,
            b'\\' => {
                read.backslash = true;
                read.others += 1;
            }
            _ => read.others += 1,
        }
    }
    read
}

/// The stricter check of a path given to [`Client::request`]; the reason is
/// safe to show (it never quotes the path).
pub(super) fn check_user_path(path: &str) -> Result<(), &'static str> {
    if !path.starts_with("/v1/") {
        return Err("the path must start with `/v1/`");
    }
    if path.contains(['?', '#']) {
        return Err("the path must not contain `?` or `#`; pass parameters with `.query()`");
    }
    if path.contains("..") {
        return Err("the path must not contain `..`");
    }
    if path.contains('\\') {
        return Err("the path must not contain `\\`, which URL parsers read as `/`");
    }
    if path.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("the path must not contain whitespace or control characters");
    }
    if path.split('/').skip(1).any(str::is_empty) {
        return Err("the path must not contain empty segments (`//` or a trailing `/`)");
    }
    Ok(())
}
