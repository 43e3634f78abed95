#include "form_page.hpp"

#include <cstddef>

namespace magnete::collector {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629), 0 when ill-formed.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t n = c >= 0xC2 && c <= 0xDF   ? 2
                  : c >= 0xE0 && c <= 0xEF ? 3
                  : c >= 0xF0 && c <= 0xF4 ? 4
                                           : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  unsigned char second = byte(i + 1);
  if ((c == 0xE0 && second < 0xA0) || (c == 0xED && second > 0x9F) ||
      (c == 0xF0 && second < 0x90) || (c == 0xF4 && second > 0x8F)) {
    return 0;  // overlong, surrogate or beyond U+10FFFF
  }
  return n;
}

std::string unescape_attribute(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    bool matched = false;
    for (auto [entity, c] :
         {std::pair{"&amp;", '&'}, std::pair{"&lt;", '<'}, std::pair{"&gt;", '>'},
          std::pair{"&quot;", '"'}, std::pair{"&#39;", '\''}}) {
      std::string_view e(entity);
      if (value.substr(i, e.size()) == e) {
        out += c;
        i += e.size() - 1;
        matched = true;
        break;
      }
    }
    if (!matched) out += value[i];
  }
  return out;
}

bool starts_with_ci(std::string_view text, std::size_t at, std::string_view prefix) {
  if (text.size() - at < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[at + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == ':' || c == '.';
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

// One start tag as the renderer writes it. Values are kept as written (escaped), so that an
// untouched attribute is written back byte for byte.
struct Attribute {
  std::string name;
  std::string raw;  ///< the value as written, between the quotes
};

struct Tag {
  std::string name;  ///< lower case
  std::vector<Attribute> attributes;
  bool self_closing = false;

  const Attribute* find(std::string_view key) const {
    for (const auto& a : attributes) {
      if (a.name == key) return &a;
    }
    return nullptr;
  }
  bool has(std::string_view key) const { return find(key) != nullptr; }
  std::string value(std::string_view key) const {
    const Attribute* a = find(key);
    return a == nullptr ? std::string() : unescape_attribute(a->raw);
  }
  void set(std::string_view key, std::string_view text) {
    std::string raw = escape_html(text);
    for (auto& a : attributes) {
      if (a.name == key) {
        a.raw = std::move(raw);
        return;
      }
    }
    attributes.push_back({std::string(key), std::move(raw)});
  }
  void remove(std::string_view key) {
    for (auto it = attributes.begin(); it != attributes.end(); ++it) {
      if (it->name == key) {
        attributes.erase(it);
        return;
      }
    }
  }
  bool has_class(std::string_view token) const {
    std::string classes = value("class");
    std::size_t start = 0;
    while (start < classes.size()) {
      std::size_t end = classes.find(' ', start);
      if (end == std::string::npos) end = classes.size();
      if (std::string_view(classes).substr(start, end - start) == token) return true;
      start = end + 1;
    }
    return false;
  }
  std::string write() const {
    std::string out = "<" + name;
    for (const auto& a : attributes) out += " " + a.name + "=\"" + a.raw + "\"";
    return out + (self_closing ? " />" : ">");
  }
};

// Reads the start tag at markup[at] == '<'; the offset after its '>', or npos when it is not
// written as the conventions say.
std::size_t read_tag(std::string_view markup, std::size_t at, Tag& tag) {
  std::size_t i = at + 1;
  while (i < markup.size() && is_name_char(markup[i])) {
    char c = markup[i++];
    tag.name += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  if (tag.name.empty()) return std::string_view::npos;
  while (i < markup.size()) {
    while (i < markup.size() && is_space(markup[i])) ++i;
    if (i >= markup.size()) break;
    if (markup[i] == '>') return i + 1;
    if (markup.substr(i, 2) == "/>") {
      tag.self_closing = true;
      return i + 2;
    }
    Attribute attribute;
    while (i < markup.size() && !is_space(markup[i]) && markup[i] != '=' && markup[i] != '>' &&
           markup[i] != '/') {
      char c = markup[i++];
      attribute.name += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    if (attribute.name.empty()) return std::string_view::npos;
    if (i < markup.size() && markup[i] == '=') {
      if (i + 1 >= markup.size() || markup[i + 1] != '"') return std::string_view::npos;
      std::size_t close = markup.find('"', i + 2);
      if (close == std::string_view::npos) return std::string_view::npos;
      attribute.raw = std::string(markup.substr(i + 2, close - i - 2));
      i = close + 1;
    }
    tag.attributes.push_back(std::move(attribute));
  }
  return std::string_view::npos;
}

// The offset of "</name" at or after `from` (case-insensitive), or npos.
std::size_t find_end_tag(std::string_view markup, std::size_t from, std::string_view name) {
  for (std::size_t i = markup.find("</", from); i != std::string_view::npos;
       i = markup.find("</", i + 2)) {
    if (starts_with_ci(markup, i + 2, name) &&
        (i + 2 + name.size() >= markup.size() || !is_name_char(markup[i + 2 + name.size()]))) {
      return i;
    }
  }
  return std::string_view::npos;
}

bool text_like(const std::string& type) {
  return type != "radio" && type != "checkbox" && type != "submit" && type != "button" &&
         type != "reset" && type != "image" && type != "file";
}

bool contains(const std::vector<std::string>& values, const std::string& value) {
  for (const auto& v : values) {
    if (v == value) return true;
  }
  return false;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    std::size_t n = utf8_length(text, i);
    if (n == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (n == 1) {
      auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F)
        out += kReplacement;
      else if (c == '&')
        out += "&amp;";
      else if (c == '<')
        out += "&lt;";
      else if (c == '>')
        out += "&gt;";
      else if (c == '"')
        out += "&quot;";
      else if (c == '\'')
        out += "&#39;";
      else
        out += c;
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::optional<std::string> fill_form(std::string_view markup, const FormFill& fill) {
  constexpr std::string_view kEnd = "</magnete-widget>";
  markup = trim(markup);
  if (!starts_with_ci(markup, 0, "<magnete-widget") || markup.size() < kEnd.size() ||
      !starts_with_ci(markup, markup.size() - kEnd.size(), kEnd) ||
      markup.find("<template shadowrootmode=\"open\"") == std::string_view::npos) {
    return std::nullopt;
  }
  const auto value_of = [&](const std::string& name) -> const std::vector<std::string>* {
    auto it = fill.values.find(name);
    return it == fill.values.end() ? nullptr : &it->second;
  };
  const auto error_of = [&](const std::string& name) -> const std::string* {
    auto it = fill.errors.find(name);
    return it == fill.errors.end() ? nullptr : &it->second;
  };

  std::string out;
  out.reserve(markup.size() + 1024);
  std::map<std::string, bool> placed;  // error name -> an error line shows it
  std::size_t status_at = std::string::npos;
  bool widget = false, form = false;
  const std::vector<std::string>* select = nullptr;  // the values of the <select> we are in
  std::size_t i = 0;
  while (i < markup.size()) {
    std::size_t lt = markup.find('<', i);
    out.append(markup.substr(i, lt == std::string_view::npos ? std::string_view::npos : lt - i));
    if (lt == std::string_view::npos) break;
    i = lt;
    if (markup.substr(i, 4) == "<!--") {
      std::size_t end = markup.find("-->", i + 4);
      if (end == std::string_view::npos) return std::nullopt;
      out.append(markup.substr(i, end + 3 - i));
      i = end + 3;
      continue;
    }
    if (markup.substr(i, 2) == "</") {
      std::size_t end = markup.find('>', i);
      if (end == std::string_view::npos) return std::nullopt;
      if (starts_with_ci(markup, i + 2, "select")) select = nullptr;
      out.append(markup.substr(i, end + 1 - i));
      i = end + 1;
      continue;
    }
    Tag tag;
    std::size_t after = read_tag(markup, i, tag);
    if (after == std::string_view::npos) return std::nullopt;
    const std::string name = tag.value("name");
    bool changed = false;
    // The content of an element that has one replaced: the text, escaped, up to its end tag.
    std::optional<std::string> content;

    if (tag.name == "magnete-widget" && !widget) {
      widget = true;
      if (!tag.has("static")) {
        tag.attributes.push_back({"static", ""});
        changed = true;
      }
    } else if (tag.name == "script" || tag.name == "style") {
      // Raw text: copied as it is, so that a "<" inside is not read as a tag.
      std::size_t end = find_end_tag(markup, after, tag.name);
      if (end == std::string_view::npos) return std::nullopt;
      out.append(markup.substr(i, end - i));
      i = end;
      continue;
    } else if (tag.name == "input" || tag.name == "select" || tag.name == "textarea") {
      const std::vector<std::string>* values = name.empty() ? nullptr : value_of(name);
      if (tag.name == "input" && values != nullptr) {
        std::string type = tag.value("type");
        if (text_like(type)) {
          if (!values->empty()) {
            tag.set("value", values->front());
            changed = true;
          }
        } else if (type == "radio" || type == "checkbox") {
          // HTML: a checkbox or radio without a value attribute sends "on".
          bool checked = contains(*values, tag.has("value") ? tag.value("value") : "on");
          if (checked != tag.has("checked")) {
            if (checked)
              tag.attributes.push_back({"checked", ""});
            else
              tag.remove("checked");
            changed = true;
          }
        }
      }
      if (tag.name == "select") select = values;
      if (tag.name == "textarea" && values != nullptr && !values->empty()) {
        // The parser drops one newline right after <textarea>: a value starting with one keeps it.
        const std::string& text = values->front();
        bool newline = !text.empty() && (text[0] == '\n' || text[0] == '\r');
        content = (newline ? "\n" : "") + escape_html(text);
      }
      if (!name.empty() && error_of(name) != nullptr) {
        tag.set("aria-invalid", "true");
        changed = true;
      }
    } else if (tag.name == "option" && select != nullptr) {
      bool selected = contains(*select, tag.value("value"));
      if (selected != tag.has("selected")) {
        if (selected)
          tag.attributes.push_back({"selected", ""});
        else
          tag.remove("selected");
        changed = true;
      }
    } else if (tag.name == "p" && tag.has_class("mg-error") && tag.has("data-for")) {
      const std::string target = tag.value("data-for");
      if (const std::string* message = error_of(target)) {
        tag.remove("hidden");
        changed = true;
        content = escape_html(*message);
        placed[target] = true;
      }
    } else if (tag.name == "p" && tag.has_class("mg-status") && status_at == std::string::npos) {
      tag.remove("hidden");
      changed = true;
      content = "";  // filled at the end, once every message has found its place
    } else if (tag.name == "form" && !form) {
      form = true;
      out.append(markup.substr(i, after - i));
      for (const auto& [hidden_name, hidden_value] : fill.hidden) {
        out += "<input type=\"hidden\" name=\"" + escape_html(hidden_name) + "\" value=\"" +
               escape_html(hidden_value) + "\">";
      }
      i = after;
      continue;
    }

    out += changed ? tag.write() : std::string(markup.substr(i, after - i));
    i = after;
    if (content && !tag.self_closing) {
      std::size_t end = find_end_tag(markup, i, tag.name);
      if (end == std::string_view::npos) return std::nullopt;
      if (tag.has_class("mg-status")) status_at = out.size();
      out += *content;
      i = end;
    }
  }

  // The status line: the summary, then what has no error line of its own.
  std::string status = escape_html(fill.summary);
  auto add = [&](const std::string& message) {
    if (message.empty()) return;
    if (!status.empty()) status += ' ';
    status += escape_html(message);
  };
  for (const auto& [name, message] : fill.errors) {
    if (!placed[name]) add(message);
  }
  for (const auto& message : fill.messages) add(message);
  if (status_at == std::string::npos) {
    if (!status.empty()) return std::nullopt;
  } else {
    out.insert(status_at, status);
  }
  return out;
}

std::string html_page(std::string_view lang, std::string_view title, std::string_view base,
                      std::string_view body) {
  std::string out = "<!doctype html><html lang=\"" + escape_html(lang) +
                    "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                    "content=\"width=device-width, initial-scale=1\">";
  if (!base.empty()) out += "<base href=\"" + escape_html(base) + "\">";
  out += "<title>" + escape_html(title) + "</title></head><body>";
  out.append(body);
  return out + "</body></html>";
}

std::string message_body(std::string_view heading, const std::vector<std::string>& paragraphs,
                         const std::vector<std::string>& list, std::string_view link,
                         std::string_view link_text) {
  std::string out = "<main><h1>" + escape_html(heading) + "</h1>";
  for (const auto& p : paragraphs) out += "<p>" + escape_html(p) + "</p>";
  if (!list.empty()) {
    out += "<ul>";
    for (const auto& item : list) out += "<li>" + escape_html(item) + "</li>";
    out += "</ul>";
  }
  if (!link.empty())
    out += "<p><a href=\"" + escape_html(link) + "\">" + escape_html(link_text) + "</a></p>";
  return out + "</main>";
}

}  // namespace magnete::collector
