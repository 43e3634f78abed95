#pragma once
// The pages the collector answers a form posted without script with: the pre-rendered form
// (web/prerender.mjs writes it) filled again with what the visitor sent and the core's
// messages, or plain pages. Every text is escaped here: nothing a visitor or a campaign wrote
// reaches a page any other way.
//
// fill_form() is not an HTML parser: it reads the renderer's own markup, whose conventions are
// (and must stay):
//  - one <magnete-widget ...><template shadowrootmode="open">...</template></magnete-widget>;
//  - attributes double-quoted, with & < > " escaped as &amp; &lt; &gt; &quot;; a boolean
//    attribute written name="";
//  - controls <input ... name="N" ...> (a text-like input has a value="..." only if it is
//    type hidden), <select ... name="N"> of <option value="V">...</option>, and
//    <textarea ... name="N"></textarea>; radios and checkboxes <input type="radio|checkbox"
//    ... name="N" value="V">, a single checkbox without a value (it sends "on");
//  - consents are checkboxes named "consent:<id>"; quiz answers radios or checkboxes named
//    "quiz:<question id>" with the answer id as value;
//  - each error line <p class="mg-error" data-for="N" id="..." hidden=""></p>, N being a
//    control's name; one status line <p class="mg-status" ...></p>.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace magnete::collector {

/// Text for HTML content and double-quoted attribute values: & < > " ' escaped; ill-formed
/// UTF-8, NUL and other control characters (but tab, LF, CR) replaced by U+FFFD.
std::string escape_html(std::string_view text);

/// What to put back into the form.
struct FormFill {
  /// Control name -> the values sent (none: not sent). Only names listed here are touched:
  /// a text-like input gets value="...", a textarea its text, an option selected="", a radio
  /// or checkbox checked="" when its value was sent (and loses a checked="" otherwise).
  std::map<std::string, std::vector<std::string>> values;
  /// Control name -> the core's message: its error line shows it, its controls get
  /// aria-invalid="true". A name without an error line in the markup goes to the status line.
  std::map<std::string, std::string> errors;
  /// The status line's text ("Please check the highlighted fields."), then any message without
  /// a control.
  std::string summary;
  std::vector<std::string> messages;
  /// Hidden inputs added at the start of the <form> (name, value).
  std::vector<std::pair<std::string, std::string>> hidden;
};

/// The markup filled: the values, the errors and the summary as FormFill says, and static=""
/// on the <magnete-widget> (the stylesheet shows every step at once, without script). nullopt
/// when the markup is not one widget as described above, or a message would have no place.
std::optional<std::string> fill_form(std::string_view markup, const FormFill& fill);

/// A whole page around `body` (HTML already): <!doctype html><html lang="..."><head><meta
/// charset="utf-8"><meta name="viewport" ...>[<base href="...">]<title>...</title></head>
/// <body>...</body></html>. `base` (a URL, may be empty) is the page the form came from, so
/// that its relative links resolve as they did there.
std::string html_page(std::string_view lang, std::string_view title, std::string_view base,
                      std::string_view body);

/// A heading, a paragraph per text and, when `link` is not empty, a link: the plain pages
/// (the list of errors without a form file, the thank-you page, a refusal).
std::string message_body(std::string_view heading, const std::vector<std::string>& paragraphs,
                         const std::vector<std::string>& list = {}, std::string_view link = "",
                         std::string_view link_text = "");

}  // namespace magnete::collector
