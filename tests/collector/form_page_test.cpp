// src/collector/form_page.cpp: the renderer's markup filled again, and the plain pages. The
// samples in tests/collector/forms/ are hand-made stand-ins written by the conventions in
// form_page.hpp (until web/prerender.mjs writes real ones); the short ones below too.
#include "form_page.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support.hpp"

namespace magnete::collector {
namespace {

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

std::string sample(const std::string& name) {
  return magnete::testing::read_text(
      magnete::testing::source_path("tests/collector/forms/" + name));
}

// A widget with one control of each kind the renderer writes.
const char* kEveryKind =
    R"(<magnete-widget campaign="c"><template shadowrootmode="open"><style>p.x{content:"<p class=\"mg-error\" data-for=\"email\">"}</style>)"
    R"(<form class="mg-form" method="post" action="/v1/forms/c">)"
    R"(<input type="hidden" name="mg_version" value="1"><input type="text" name="mg_hp" class="mg-hp">)"
    R"(<input id="e" name="email" type="email" aria-describedby="e-error"><p class="mg-error" data-for="email" id="e-error" hidden=""></p>)"
    R"(<textarea id="m" name="message" maxlength="2000"></textarea><p class="mg-error" data-for="message" id="m-error" hidden=""></p>)"
    R"(<select id="s" name="sector"><option value="">Scegli…</option><option value="fitness" selected="">Fitness</option><option value="r&amp;d">R&amp;D</option></select>)"
    R"(<input type="radio" id="z0" name="size" value="small"><input type="radio" id="z1" name="size" value="large" checked="">)"
    R"(<input type="checkbox" id="t0" name="topics" value="crm"><input type="checkbox" id="t1" name="topics" value="forms">)"
    R"(<input type="checkbox" id="call" name="call_me"><p class="mg-error" data-for="call_me" id="call-error" hidden=""></p>)"
    R"(<input type="hidden" id="u" name="utm_campaign" value="from-render">)"
    R"(<input type="checkbox" id="k" name="consent:privacy" aria-required="true"><label for="k">Ho letto l&#39;informativa</label>)"
    R"(<p class="mg-error" data-for="consent:privacy" id="k-error" hidden=""></p>)"
    R"(<input type="radio" name="quiz:goal" value="grow"><input type="radio" name="quiz:goal" value="save">)"
    R"(<p class="mg-error" data-for="quiz:goal" id="q-error" hidden=""></p>)"
    R"(<!-- <input name="email"> --><button type="submit">Invia</button><p class="mg-status" role="status" aria-live="polite"></p></form></template></magnete-widget>)";

TEST(EscapeHtml, EscapesMarkupAndReplacesWhatIsNotText) {
  EXPECT_EQ(escape_html(R"(<script>alert("x") & 'y'</script>)"),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;");
  EXPECT_EQ(escape_html("città ☎ 👩🏽‍💻\tok\r\n"),
            "città ☎ 👩🏽‍💻\tok\r\n");
  EXPECT_EQ(escape_html(std::string("a\0b\x01\x7F", 5)),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\xEF\xBF\xBD");
  // Ill-formed UTF-8: a stray continuation byte, a truncated sequence, an overlong "<", a
  // surrogate.
  EXPECT_EQ(escape_html("\x80|\xE2\x82|\xC0\xBC|\xED\xA0\x80"),
            "\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD|"
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(FillForm, EachControlKindGetsWhatWasSent) {
  FormFill fill;
  fill.values = {{"email", {"mario@"}},
                 {"message", {"\nriga 1\r\n</textarea><script>alert(1)</script>"}},
                 {"sector", {"r&d"}},
                 {"size", {"small"}},
                 {"topics", {"forms"}},
                 {"call_me", {"on"}},
                 {"utm_campaign", {"autunno \"26\""}},
                 {"consent:privacy", {}},
                 {"quiz:goal", {"save"}}};
  auto filled = fill_form(kEveryKind, fill);
  ASSERT_TRUE(filled.has_value());
  const std::string& out = *filled;
  EXPECT_NE(
      out.find(
          R"(<input id="e" name="email" type="email" aria-describedby="e-error" value="mario@">)"),
      std::string::npos)
      << out;
  // A leading newline is doubled (the parser drops the first); the text cannot close the element.
  EXPECT_NE(out.find("<textarea id=\"m\" name=\"message\" maxlength=\"2000\">\n\nriga "
                     "1\r\n&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>"),
            std::string::npos)
      << out;
  EXPECT_EQ(count(out, "<script"), 0u);
  // The option sent is selected, the one the markup selected is not any more.
  EXPECT_NE(
      out.find(
          R"(<option value="fitness">Fitness</option><option value="r&amp;d" selected="">R&amp;D</option>)"),
      std::string::npos)
      << out;
  EXPECT_NE(
      out.find(
          R"(<input type="radio" id="z0" name="size" value="small" checked=""><input type="radio" id="z1" name="size" value="large">)"),
      std::string::npos)
      << out;
  EXPECT_NE(
      out.find(
          R"(<input type="checkbox" id="t0" name="topics" value="crm"><input type="checkbox" id="t1" name="topics" value="forms" checked="">)"),
      std::string::npos)
      << out;
  EXPECT_NE(out.find(R"(<input type="checkbox" id="call" name="call_me" checked="">)"),
            std::string::npos)
      << out;
  EXPECT_NE(
      out.find(
          R"(<input type="hidden" id="u" name="utm_campaign" value="autunno &quot;26&quot;">)"),
      std::string::npos)
      << out;
  EXPECT_NE(
      out.find(
          R"(<input type="checkbox" id="k" name="consent:privacy" aria-required="true"><label)"),
      std::string::npos)
      << out;
  EXPECT_NE(
      out.find(
          R"(<input type="radio" name="quiz:goal" value="grow"><input type="radio" name="quiz:goal" value="save" checked="">)"),
      std::string::npos)
      << out;
  // What was not sent, or is not a campaign control, is left as written.
  EXPECT_NE(
      out.find(
          R"(<input type="hidden" name="mg_version" value="1"><input type="text" name="mg_hp" class="mg-hp">)"),
      std::string::npos);
  EXPECT_NE(out.find(R"(<!-- <input name="email"> -->)"), std::string::npos);
  EXPECT_NE(out.find(R"(<style>p.x{content:"<p class=\"mg-error\" data-for=\"email\">"}</style>)"),
            std::string::npos);
  EXPECT_NE(out.find(R"(<magnete-widget campaign="c" static="">)"), std::string::npos);
}

TEST(FillForm, ErrorLinesShowTheMessageAndTheirControlsAreMarkedInvalid) {
  FormFill fill;
  fill.values = {{"email", {"mario@"}}, {"consent:privacy", {}}};
  fill.errors = {{"email", "Inserisci un indirizzo email valido, come nome@esempio.it."},
                 {"consent:privacy", "Per continuare devi accettare."},
                 {"quiz:goal", "Scegli <una> risposta."}};
  fill.summary = "Controlla i campi evidenziati.";
  std::string out = fill_form(kEveryKind, fill).value();
  EXPECT_NE(
      out.find(
          R"(<input id="e" name="email" type="email" aria-describedby="e-error" value="mario@" aria-invalid="true">)"
          R"(<p class="mg-error" data-for="email" id="e-error">Inserisci un indirizzo email valido, come nome@esempio.it.</p>)"),
      std::string::npos)
      << out;
  EXPECT_NE(
      out.find(
          R"(<input type="checkbox" id="k" name="consent:privacy" aria-required="true" aria-invalid="true">)"),
      std::string::npos)
      << out;
  EXPECT_NE(
      out.find(
          R"(<p class="mg-error" data-for="consent:privacy" id="k-error">Per continuare devi accettare.</p>)"),
      std::string::npos)
      << out;
  EXPECT_NE(
      out.find(
          R"(<input type="radio" name="quiz:goal" value="grow" aria-invalid="true"><input type="radio" name="quiz:goal" value="save" aria-invalid="true">)"),
      std::string::npos)
      << out;
  EXPECT_NE(
      out.find(
          R"(<p class="mg-error" data-for="quiz:goal" id="q-error">Scegli &lt;una&gt; risposta.</p>)"),
      std::string::npos)
      << out;
  // Lines without an error stay hidden and empty.
  EXPECT_NE(out.find(R"(<p class="mg-error" data-for="message" id="m-error" hidden=""></p>)"),
            std::string::npos);
  EXPECT_NE(
      out.find(
          R"(<p class="mg-status" role="status" aria-live="polite">Controlla i campi evidenziati.</p>)"),
      std::string::npos)
      << out;
  EXPECT_EQ(count(out, "aria-invalid"), 4u);
}

TEST(FillForm, AMessageWithoutItsOwnLineGoesToTheStatusLine) {
  FormFill fill;
  fill.errors = {{"sector", "Scegli una delle opzioni."}};  // the sample has no line for it
  fill.messages = {"Il modulo è troppo grande per essere inviato."};
  fill.summary = "Controlla i campi evidenziati.";
  std::string out = fill_form(kEveryKind, fill).value();
  EXPECT_NE(out.find(R"(<select id="s" name="sector" aria-invalid="true">)"), std::string::npos)
      << out;
  EXPECT_NE(out.find(">Controlla i campi evidenziati. Scegli una delle opzioni. Il modulo è troppo "
                     "grande per essere inviato.</p>"),
            std::string::npos)
      << out;
}

TEST(FillForm, HiddenInputsAreAddedAtTheStartOfTheForm) {
  FormFill fill;
  fill.hidden = {{"mg_page", "https://shop.example/ebook/?utm_source=news&a=\"1\""}};
  std::string out = fill_form(kEveryKind, fill).value();
  EXPECT_NE(
      out.find(
          R"(<form class="mg-form" method="post" action="/v1/forms/c"><input type="hidden" name="mg_page" )"
          R"(value="https://shop.example/ebook/?utm_source=news&amp;a=&quot;1&quot;"><input type="hidden" name="mg_version")"),
      std::string::npos)
      << out;
}

TEST(FillForm, NothingToFillLeavesTheMarkupAsWrittenButStatic) {
  std::string markup = sample("seed-b2b.it.html");
  std::string out = fill_form(markup, FormFill()).value();
  std::string expected = markup.substr(0, markup.find_last_not_of('\n') + 1);
  expected.replace(0, std::string("<magnete-widget campaign=\"seed-b2b\" locale=\"it\">").size(),
                   "<magnete-widget campaign=\"seed-b2b\" locale=\"it\" static=\"\">");
  EXPECT_EQ(out, expected);
  // Already static: not twice.
  EXPECT_EQ(fill_form(out, FormFill()).value(), out);
}

TEST(FillForm, TheRenderersSampleIsFilledValuesEscapedScriptInert) {
  FormFill fill;
  fill.values = {{"email", {"mario@gmial"}},
                 {"first_name", {"\"><script>alert(1)</script>"}},
                 {"job_title", {"R&D <b>lead</b>"}},
                 {"sector", {"wellness"}},
                 {"company_size", {"dieci"}},
                 {"age", {""}},
                 {"consent:privacy", {}},
                 {"consent:marketing", {"on"}}};
  fill.errors = {{"email", "Inserisci un indirizzo email valido, come nome@esempio.it."},
                 {"company_size", "Inserisci un numero."},
                 {"consent:privacy", "Per continuare devi accettare."}};
  fill.summary = "Controlla i campi evidenziati.";
  std::string out = fill_form(sample("seed-b2b.it.html"), fill).value();
  EXPECT_EQ(count(out, "<script"), 0u);
  EXPECT_NE(
      out.find(
          R"(name="first_name" aria-describedby="mg-first_name-error" type="text" autocomplete="given-name" maxlength="80" value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">)"),
      std::string::npos)
      << out;
  EXPECT_NE(out.find(R"(value="R&amp;D &lt;b&gt;lead&lt;/b&gt;")"), std::string::npos);
  EXPECT_NE(out.find(R"(<option value="wellness" selected="">Benessere</option>)"),
            std::string::npos);
  EXPECT_NE(
      out.find(
          R"(name="company_size" aria-describedby="mg-company_size-error" type="text" inputmode="decimal" value="dieci" aria-invalid="true">)"
          R"(<p class="mg-error" data-for="company_size" id="mg-company_size-error">Inserisci un numero.</p>)"),
      std::string::npos)
      << out;
  EXPECT_NE(
      out.find(
          R"(name="consent:marketing" aria-describedby="mg-consent-marketing-error" checked="">)"),
      std::string::npos);
  EXPECT_NE(
      out.find(
          R"(<p class="mg-status" role="status" aria-live="polite">Controlla i campi evidenziati.</p>)"),
      std::string::npos);
  EXPECT_EQ(count(out, " hidden=\"\""), 5u);  // 8 error lines, 3 shown
}

TEST(FillForm, MarkupThatIsNotOneWidgetAsTheRendererWritesItIsRefused) {
  const std::string ok = kEveryKind;
  EXPECT_TRUE(fill_form(ok, FormFill()).has_value());
  EXPECT_TRUE(fill_form("\n  " + ok + "\n", FormFill()).has_value());
  for (
      const std::string& bad : {
          std::string("<form method=\"post\"><input name=\"email\"></form>"),
          std::string("<magnete-widget><form></form></magnete-widget>"),  // no shadow root
          ok + "<p>after</p>",
          std::string(
              R"(<magnete-widget><template shadowrootmode="open"><input name=email></template></magnete-widget>)"),
          std::string(
              R"(<magnete-widget><template shadowrootmode="open"><input name='email'></template></magnete-widget>)"),
          std::string(
              R"(<magnete-widget><template shadowrootmode="open"><input name="email</template></magnete-widget>)"),
          std::string(
              R"(<magnete-widget><template shadowrootmode="open"><!-- open </template></magnete-widget>)"),
      }) {
    EXPECT_FALSE(fill_form(bad, FormFill()).has_value()) << bad;
  }
  // A message that would have no place: better the plain page than a silent form.
  FormFill fill;
  fill.errors = {{"email", "x"}};
  const std::string no_status =
      R"(<magnete-widget><template shadowrootmode="open"><input name="email"></template></magnete-widget>)";
  EXPECT_FALSE(fill_form(no_status, fill).has_value());
  EXPECT_TRUE(fill_form(no_status, FormFill()).has_value());
}

TEST(HtmlPage, WrapsTheBodyWithEscapedLangTitleAndBase) {
  EXPECT_EQ(
      html_page("it", "Scarica l'ebook <ora>", "https://shop.example/a?b=1&c=\"", "<main>x</main>"),
      "<!doctype html><html lang=\"it\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width, initial-scale=1\"><base "
      "href=\"https://shop.example/a?b=1&amp;c=&quot;\">"
      "<title>Scarica l&#39;ebook &lt;ora&gt;</title></head><body><main>x</main></body></html>");
  EXPECT_EQ(
      html_page("en", "T", "", ""),
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width, "
      "initial-scale=1\"><title>T</title></head><body></body></html>");
}

TEST(MessageBody, EscapesEveryText) {
  EXPECT_EQ(message_body("<h>", {"a & b", "<script>"}, {"Email: <x>"}, "https://a.example/?q=\"",
                         "Torna <al> modulo"),
            "<main><h1>&lt;h&gt;</h1><p>a &amp; b</p><p>&lt;script&gt;</p><ul><li>Email: "
            "&lt;x&gt;</li></ul>"
            "<p><a href=\"https://a.example/?q=&quot;\">Torna &lt;al&gt; modulo</a></p></main>");
  EXPECT_EQ(message_body("Grazie", {"Fatto."}), "<main><h1>Grazie</h1><p>Fatto.</p></main>");
}

}  // namespace
}  // namespace magnete::collector
