//! The query text syntax, parsed by hand (tantivy's `QueryParser` links the regex engine, which
//! would add about 235 KB to the browser engine).
//!
//! - `word`: a word; documents with every word rank first, then documents with any;
//! - `"exact phrase"`: required, matched with positions (an unclosed quote runs to the end);
//! - `-word`, `-"phrase"`: excluded;
//! - a leading `+` is ignored; a `-` inside a word ("208-2003") is part of the word.

/// One item of the query text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Item {
    /// A bare word (may still analyze into several tokens, e.g. "l'Argentine").
    Word { text: String, negated: bool },
    /// A quoted phrase.
    Phrase { text: String, negated: bool },
}

/// Splits query text into items. Never fails: any text is a query.
pub(crate) fn parse(text: &str) -> Vec<Item> {
    let chars: Vec<char> = text.chars().collect();
    let mut items = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let mut negated = false;
        if c == '-' || c == '+' {
            negated = c == '-';
            i += 1;
            if i >= chars.len() || chars[i].is_whitespace() {
                continue;
            }
        }
        if chars[i] == '"' {
            i += 1;
            let start = i;
            while i < chars.len() && chars[i] != '"' {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            i += 1; // closing quote, if any
            if !text.trim().is_empty() {
                items.push(Item::Phrase { text, negated });
            }
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            items.push(Item::Word { text, negated });
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(t: &str, n: bool) -> Item {
        Item::Word {
            text: t.into(),
            negated: n,
        }
    }

    #[test]
    fn parses_words_phrases_and_exclusions() {
        assert_eq!(
            parse(r#"ley 208-2003 "trata de personas" -Chile -"buenas prácticas" +x - "open"#),
            vec![
                w("ley", false),
                w("208-2003", false),
                Item::Phrase {
                    text: "trata de personas".into(),
                    negated: false
                },
                w("Chile", true),
                Item::Phrase {
                    text: "buenas prácticas".into(),
                    negated: true
                },
                w("x", false),
                Item::Phrase {
                    text: "open".into(),
                    negated: false
                },
            ]
        );
        assert_eq!(parse("  "), vec![]);
        assert_eq!(parse("\"\""), vec![]);
    }
}
