//! Reading an OpenAPI export of a reference page.
pub fn is_openapi(_text: &str) -> bool {
    false
}
pub fn parse(_text: &str) -> Result<Vec<super::page::Page>, super::page::PageError> {
    Ok(vec![])
}
