//! The address a site is published at, checked before any canonical link is made of it.

/// Checks that `text` is an absolute http(s) address without query or fragment: canonical,
/// hreflang, sitemap and feed URLs are this address followed by a path, so a missing scheme
/// (`example.org/sub`) would publish links no search engine or feed reader can follow.
/// The error says what is wrong and what is expected, for `--base-url` and `site.yaml` alike.
pub fn check_base_url(text: &str) -> Result<(), String> {
    let wrong = |reason: &str| {
        format!(
            "not a web address ({reason}); expected an absolute http:// or https:// address \
             such as https://example.org/portal/"
        )
    };
    let url = url::Url::parse(text).map_err(|error| wrong(&error.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(wrong(&format!("a `{}:` address", url.scheme())));
    }
    if url.host().is_none() {
        return Err(wrong("no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(wrong("a query or a fragment, which every link would carry"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_base_url;

    #[test]
    fn web_addresses_with_a_sub_path_are_accepted() {
        for url in [
            "https://example.org/",
            "http://127.0.0.1:1111/",
            "https://example.org/sub",
        ] {
            assert_eq!(check_base_url(url), Ok(()), "{url}");
        }
    }

    #[test]
    fn addresses_without_an_http_scheme_or_host_are_refused() {
        for url in [
            "example.org/sub",
            "localhost:8000",
            "ftp://example.org/",
            "https://",
            "/sub/",
            "https://example.org/?page=1",
        ] {
            let error = check_base_url(url).unwrap_err();
            assert!(
                error.contains("expected an absolute http:// or https://"),
                "{error}"
            );
        }
    }
}
