//! Templates and escaping, shared by every part that writes HTML or XML: the pages (`render`),
//! the calendar's pages (`calendar`) and the dev server's error page (`serve`). It sits below
//! them all so none of them has to import another for these helpers.

use std::path::Path;

use tera::{Context, Tera};

use crate::diagnostic::Diagnostic;
use crate::ru::typography::typograph;

/// Renders one template into bytes; a failure (only possible with a site's own templates or a
/// bug in the theme) becomes a diagnostic naming the template and the output file.
pub fn render_template(
    tera: &Tera,
    template: &str,
    ctx: &Context,
    path: &Path,
) -> Result<Vec<u8>, Diagnostic> {
    // `render_to` into bytes: `render` would re-validate every page as UTF-8 for a String.
    let mut html = Vec::with_capacity(32 * 1024);
    tera.render_to(template, ctx, &mut html).map_err(|e| {
        Diagnostic::error(
            "template",
            format!("templates/{template}"),
            format!(
                "ошибка при заполнении шаблона {template} для {}: {e}",
                path.display()
            ),
        )
        .with_hint("проверьте шаблон: если он из темы по умолчанию, сообщите разработчикам")
    })?;
    Ok(html)
}

/// A title or other short plain text as HTML: typographed, then escaped. For values a
/// template prints with `| safe`.
pub fn text_to_html(s: &str) -> String {
    escape_html(&typograph(s))
}

/// Escapes text for HTML element content and attribute values (quoted with either quote).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for XML element content and attribute values. Unlike [`escape_html`], it
/// writes the apostrophe as XML's own `&apos;` and drops the control characters XML 1.0
/// forbids (a feed reader rejects the whole feed for one).
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html() {
        assert_eq!(
            escape_html("a & <b> \"c\" 'd'\u{1}"),
            "a &amp; &lt;b&gt; &quot;c&quot; &#39;d&#39;\u{1}"
        );
    }

    #[test]
    fn escapes_xml_and_drops_control_characters() {
        assert_eq!(
            escape_xml("a & <b> \"c\" 'd'\u{1}"),
            "a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;"
        );
    }

    #[test]
    fn text_to_html_typographs_then_escapes() {
        assert_eq!(text_to_html("O'Reilly & \"Ко\""), "O’Reilly &amp; «Ко»");
    }
}
